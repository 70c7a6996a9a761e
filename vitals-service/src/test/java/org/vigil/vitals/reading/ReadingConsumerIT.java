package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.Headers;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;
import org.vigil.vitals.IntegrationTest;

class ReadingConsumerIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void theSameReadingDeliveredTwiceIsStoredOnce() {
        byte[] golden = ContractFixtures.bytes("vigil.reading-recorded.v1/heart-rate.json");
        ReadingRecorded reading = Topics.READING_RECORDED.codec().decode(golden);
        double duplicatesBefore = counter("vigil.vitals.readings.duplicates");

        publish(reading.patientId(), golden);
        publish(reading.patientId(), golden);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(counter("vigil.vitals.readings.duplicates")).isGreaterThanOrEqualTo(duplicatesBefore + 1);
            assertThat(storedCopies(reading.eventId())).isEqualTo(1);
        });
        assertThat(jdbc.queryForObject(
                "SELECT stored FROM reading_key WHERE device_id = ? AND reading_id = ?", Boolean.class,
                reading.deviceId(), reading.readingId())).isTrue();
        assertThat(jdbc.queryForObject("SELECT value FROM readings WHERE id = ?", Double.class, reading.eventId()))
                .isEqualTo(72.0);
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicAndTheRecordAfterThemIsStillStored() {
        byte[] notJson = ContractFixtures.bytes("poison/not-json.bin");
        byte[] missingPatient = ContractFixtures.bytes("poison/missing-patient.json");
        byte[] good = ContractFixtures.bytes("vigil.reading-recorded.v1/body-temperature-from-fahrenheit.json");
        ReadingRecorded after = Topics.READING_RECORDED.codec().decode(good);

        // Same key, so same partition: the good record queues behind the poison ones.
        publish(after.patientId(), notJson);
        publish(after.patientId(), missingPatient);
        publish(after.patientId(), good);

        await().atMost(PATIENCE).until(() -> storedCopies(after.eventId()) == 1);
        List<ConsumerRecord<byte[], byte[]>> letters = deadLetters(2, notJson, missingPatient);
        assertThat(letters).hasSize(2);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertThat(header(letter, Headers.DLT_REASON)).isNotBlank();
            assertThat(header(letter, Headers.DLT_CONSUMER)).isEqualTo("vitals-service");
            assertThat(header(letter, Headers.DLT_ORIGIN)).startsWith(Topics.READING_RECORDED.name() + "/");
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(after.patientId());
        }
        assertThat(letters).anySatisfy(letter -> assertThat(header(letter, Headers.DLT_REASON)).contains("patientId"));
    }

    @Test
    void aDatabaseFailureDelaysReadingsButNeverDeadLettersThem() throws InterruptedException {
        ReadingRecorded reading = new ReadingRecorded(UUID.randomUUID(), "dev-outage", "hr-1", "pat-outage",
                "heart-rate", Instant.now().minusSeconds(5), Instant.now(), 66.0, "/min", null, null, null, null,
                null, null, ReadingRecorded.SOURCE_DEVICE);
        double deadLetteredBefore = counter("vigil.vitals.readings.dead.lettered");
        jdbc.execute("ALTER TABLE latest_vital RENAME TO latest_vital_unavailable");
        try {
            publish(reading);
            Thread.sleep(4_000);
            assertThat(storedCopies(reading.eventId())).isZero();
        } finally {
            jdbc.execute("ALTER TABLE latest_vital_unavailable RENAME TO latest_vital");
        }

        await().atMost(PATIENCE).until(() -> storedCopies(reading.eventId()) == 1);
        assertThat(counter("vigil.vitals.readings.dead.lettered")).isEqualTo(deadLetteredBefore);
    }

    private int storedCopies(UUID eventId) {
        Integer copies = jdbc.queryForObject("SELECT count(*) FROM readings WHERE id = ?", Integer.class, eventId);
        return copies == null ? 0 : copies;
    }

    private double counter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Reads the dead-letter topic from the start until it has found a letter for each of {@code values}. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(int expected, byte[]... values) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.READING_RECORDED.deadLetterName()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    for (byte[] value : values) {
                        if (Arrays.equals(record.value(), value)) {
                            found.add(record);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
