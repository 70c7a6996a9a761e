package org.vigil.fhir.write;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.stereotype.Component;
import org.vigil.common.events.Headers;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topic;
import org.vigil.common.events.Topics;
import org.vigil.fhir.DependencyUnavailableException;

/**
 * Publishes readings to {@code vigil.reading-recorded.v1} (keyed by patient id) and waits for Kafka: one reading with
 * an idempotent producer (acks=all); a transaction Bundle's readings in one Kafka transaction, so that consumers reading
 * committed records (isolation.level=read_committed) see all of them or none.
 *
 * <p>Its own producers, not Boot's KafkaTemplate: the transactional one needs a {@code transactional.id} prefix unique to
 * this process (two replicas sharing one would fence each other's producers), and neither logs failed records, whose
 * key is a patient id.
 */
@Component
class ReadingPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadingPublisher.class);
    private static final Topic<ReadingRecorded> TOPIC = Topics.READING_RECORDED;

    private final DefaultKafkaProducerFactory<String, byte[]> plainFactory;
    private final DefaultKafkaProducerFactory<String, byte[]> transactionalFactory;
    private final KafkaTemplate<String, byte[]> plain;
    private final KafkaTemplate<String, byte[]> transactional;
    private final long timeoutMillis;

    ReadingPublisher(KafkaProperties kafka, WriteProperties properties) {
        this.timeoutMillis = properties.publishTimeout().toMillis();
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMillis + 1);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-fhir-readings");
        this.plainFactory = new DefaultKafkaProducerFactory<>(config);
        Map<String, Object> transactionalConfig = new HashMap<>(config);
        transactionalConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-fhir-reading-transactions");
        transactionalConfig.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Math.max(timeoutMillis * 2, 60_000));
        this.transactionalFactory = new DefaultKafkaProducerFactory<>(transactionalConfig);
        this.transactionalFactory.setTransactionIdPrefix("vigil-fhir-" + UUID.randomUUID() + "-");
        this.plain = template(plainFactory);
        this.transactional = template(transactionalFactory);
    }

    private static KafkaTemplate<String, byte[]> template(DefaultKafkaProducerFactory<String, byte[]> factory) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
        template.setProducerListener(new ProducerListener<>() {
        });
        return template;
    }

    /** @throws DependencyUnavailableException if Kafka did not acknowledge it in time */
    void publish(ReadingRecorded event) {
        try {
            plain.send(record(event)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        }
    }

    /** All in one Kafka transaction: committed together or aborted together. */
    void publishAtomically(List<ReadingRecorded> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            List<CompletableFuture<?>> acks = transactional.executeInTransaction(operations -> {
                List<CompletableFuture<?>> sent = new ArrayList<>(events.size());
                for (ReadingRecorded event : events) {
                    sent.add(operations.send(record(event)));
                }
                return sent;
            });
            // The commit flushed them; a record that failed would have failed the commit.
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        }
    }

    private static ProducerRecord<String, byte[]> record(ReadingRecorded event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC.name(), null, TOPIC.keyOf().apply(event),
                TOPIC.codec().encode(event));
        @Nullable String correlationId = event.correlationId();
        if (correlationId != null) {
            record.headers().add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static DependencyUnavailableException failed(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        log.warn("Publishing FHIR readings failed: {} ({})", cause.getClass().getName(),
                NestedExceptionUtils.getMostSpecificCause(cause).getClass().getName());
        DependencyUnavailableException unavailable = new DependencyUnavailableException(
                "Kafka did not acknowledge the Observation(s); nothing was recorded, try again later", null);
        unavailable.addResponseHeader("Retry-After", "5");
        return unavailable;
    }

    @Override
    public void destroy() {
        plainFactory.destroy();
        transactionalFactory.destroy();
    }
}
