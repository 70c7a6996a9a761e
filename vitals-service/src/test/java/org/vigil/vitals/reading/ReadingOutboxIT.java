package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.vitals.IntegrationTest;

/**
 * The outbox when Kafka is unreachable at commit: the committed event stays queued (not lost, its reading id not
 * claimable by anyone else), and the next sweep of a relay that reaches Kafka publishes it, after which the consumer
 * stores it once.
 */
class ReadingOutboxIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReadingClaims claims;

    @Autowired
    ReadingOutboxRelay relay;

    @Autowired
    PlatformTransactionManager transactions;

    private final DefaultKafkaProducerFactory<byte[], byte[]> unreachable = new DefaultKafkaProducerFactory<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1", ProducerConfig.MAX_BLOCK_MS_CONFIG, 500),
            new ByteArraySerializer(), new ByteArraySerializer());

    @AfterEach
    void close() {
        unreachable.destroy();
    }

    @Test
    void anEventCommittedWhileKafkaIsDownIsPublishedByTheNextSweepAndStoredOnce() throws InterruptedException {
        ReadingOutboxRelay cutOff = new ReadingOutboxRelay(jdbc, new KafkaTemplate<>(unreachable), transactions,
                Duration.ofSeconds(1), new SimpleMeterRegistry());
        ReadingOutbox outbox = new ReadingOutbox(claims, jdbc, cutOff);
        String patient = createPatient();
        String device = "fhir:outbox-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ReadingRecorded event = new ReadingRecorded(UUID.randomUUID(), device, "urn:test|1", patient, "heart-rate",
                now.minusSeconds(30), now, 72.0, "/min", null, null, null, null, null, null,
                ReadingRecorded.SOURCE_FHIR);

        ReadingOutbox.Queued queued = new TransactionTemplate(transactions).execute(status -> outbox.enqueue(event,
                null));

        assertThat(queued.created()).isTrue();
        assertThat(queued.id()).isEqualTo(event.eventId().toString());
        assertThat(cutOff.sweepNow()).as("a relay that cannot reach Kafka publishes nothing").isZero();
        cutOff.destroy();
        assertThat(queuedRows(device)).isEqualTo(1);
        assertThat(get("/actuator/prometheus").raw().body()).as("operators see it waiting")
                .containsPattern("vigil_vitals_outbox_pending [1-9]");
        jdbc.update("UPDATE reading_key SET claimed_at = now() - interval '1 hour' WHERE device_id = ?", device);
        assertThat(claims.claim(device, List.of("urn:test|1"))).as("a queued reading's id is not abandoned")
                .isEmpty();

        assertThat(relay.sweepNow()).isGreaterThanOrEqualTo(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> get("/internal/v1/readings/" + event.eventId())
                .status() == 200);
        assertThat(queuedRows(device)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM readings WHERE device_id = ?", Integer.class, device))
                .isEqualTo(1);
        ReadingOutbox.Queued again = new TransactionTemplate(transactions).execute(status -> outbox.enqueue(
                new ReadingRecorded(UUID.randomUUID(), device, "urn:test|1", patient, "heart-rate",
                        now.minusSeconds(30), now, 72.0, "/min", null, null, null, null, null, null,
                        ReadingRecorded.SOURCE_FHIR), null));
        assertThat(again.created()).as("the same reading id again is the stored reading").isFalse();
        assertThat(again.id()).isEqualTo(event.eventId().toString());
        assertThat(queuedRows(device)).isZero();
    }

    private int queuedRows(String device) {
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM event_outbox WHERE device_id = ?", Integer.class,
                device);
        return rows == null ? 0 : rows;
    }
}
