package org.vigil.fhir.write;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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
 * Publishes a posted Observation's reading to {@code vigil.reading-recorded.v1} (keyed by patient id) and waits for
 * Kafka, with an idempotent producer (acks=all). A transaction Bundle's readings do not come through here: they go
 * through vitals-service's outbox, in the Bundle's database transaction ({@link BundleProvider}).
 *
 * <p>Its own producer, not Boot's KafkaTemplate: it does not log failed records, whose key is a patient id.
 */
@Component
class ReadingPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadingPublisher.class);
    private static final Topic<ReadingRecorded> TOPIC = Topics.READING_RECORDED;

    private final DefaultKafkaProducerFactory<String, byte[]> plainFactory;
    private final KafkaTemplate<String, byte[]> plain;
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
        this.plain = template(plainFactory);
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
                "Kafka did not acknowledge the Observation; it was not recorded, try again later", null);
        unavailable.addResponseHeader("Retry-After", "5");
        return unavailable;
    }

    @Override
    public void destroy() {
        plainFactory.destroy();
    }
}
