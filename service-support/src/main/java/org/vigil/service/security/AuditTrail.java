package org.vigil.service.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;

/**
 * Publishes audit records to {@code vigil.audit-recorded.v1} and waits for the broker's acknowledgement (acks=all), so
 * that an access is only granted once its record is durable. Its own producer, apart from the service's others: an
 * audit record never waits behind a batch of readings, and no service setting can turn its acknowledgements off.
 */
public class AuditTrail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final Producer<String, byte[]> producer;
    private final Duration timeout;

    AuditTrail(Map<String, Object> kafkaProperties, Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 1);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-audit-" + config.getOrDefault("client.id", "producer"));
        this.producer = new KafkaProducer<>(config);
        this.timeout = timeout;
    }

    /**
     * An audit trail for a service that does not use service-support's resource-server security (auth-service, which
     * audits sign-ins): Kafka producer settings such as {@code bootstrap.servers}, and how long a record may take.
     */
    public static AuditTrail connectedTo(Map<String, Object> producerProperties, Duration timeout) {
        return new AuditTrail(producerProperties, timeout);
    }

    /** For tests: any producer. */
    AuditTrail(Producer<String, byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    /**
     * Records the access, or throws {@link AuditUnavailableException} (a 503) when the record could not be made
     * durable: then the access must not happen.
     */
    public void record(AuditRecorded event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.AUDIT_RECORDED.name(),
                Topics.AUDIT_RECORDED.keyOf().apply(event), Topics.AUDIT_RECORDED.codec().encode(event));
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The type only: the record itself names patients.
            log.warn("Audit record could not be written ({})",
                    e instanceof ExecutionException ee && ee.getCause() != null
                            ? ee.getCause().getClass().getSimpleName() : e.getClass().getSimpleName());
            throw new AuditUnavailableException();
        }
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(2));
    }
}
