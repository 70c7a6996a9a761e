package org.vigil.vitals.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.DeadLetters;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import org.vigil.vitals.AuditRecords;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Operators list this service's dead letters and replay them, on the real Kafka and PostgreSQL. */
class DeadLetterReplayIT extends IntegrationTest {

    private static final String PATH = "/api/v1/dead-letters/vitals";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DeadLetters deadLetters;

    private final String olive = TestIssuer.operator("olive");

    @Test
    void aPoisonRecordIsListedWithItsReasonAndAReplayThatFailsAgainRecordsNothing() {
        String key = "dl-poison-" + UUID.randomUUID();
        publish(key, "{not json".getBytes(StandardCharsets.UTF_8));
        String id = deadLetterKeyed(key);

        JsonNode letter = listed(id);
        assertThat(letter.path("consumer").asString()).isEqualTo("vitals-service");
        assertThat(letter.path("originalTopic").asString()).isEqualTo(Topics.READING_RECORDED.name());
        assertThat(letter.path("originalPartition").isInt()).isTrue();
        assertThat(letter.path("originalOffset").isNumber()).isTrue();
        assertThat(letter.path("reason").asString()).isNotBlank();
        assertThat(Instant.parse(letter.path("deadLetteredAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(letter.path("sizeBytes").asInt()).isEqualTo(9);
        assertThat(letter.path("replayed").asBoolean()).isFalse();
        assertThat(letter.toString()).doesNotContain("not json");

        Response replay = post(PATH + "/replay", Map.of("ids", List.of(id)), olive);

        assertThat(replay.status()).isEqualTo(200);
        JsonNode result = replay.json().path("results").get(0);
        assertThat(result.path("id").asString()).isEqualTo(id);
        assertThat(result.path("outcome").asString()).isEqualTo("failed");
        assertThat(result.path("detail").asString()).contains("still cannot be processed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter_replay WHERE id = ?", Integer.class, id))
                .isZero();
        assertThat(listed(id).path("replayed").asBoolean()).isFalse();
    }

    @Test
    void aDeadLetterReplayedOnceItsCauseIsFixedIsStoredExactlyOnceAndNeverReplayedTwice() {
        ReadingRecorded reading = reading("pat-dl-" + UUID.randomUUID());
        // A heart rate dead-lettered by an earlier version that did not know the type; this one does (the cause
        // fixed). Sent by the service's own DeadLetters, as the listener sends them.
        deadLetter(reading, "unknown reading type 'heart-rate'");
        String id = deadLetterKeyed(reading.patientId());
        assertThat(storedCopies(reading.eventId())).isZero();
        assertThat(listed(id).path("reason").asString()).isEqualTo("unknown reading type 'heart-rate'");

        String correlationId = UUID.randomUUID().toString();
        Response replay = send("POST", PATH + "/replay", Map.of("ids", List.of(id)), olive, correlationId);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("results").get(0).path("outcome").asString()).isEqualTo("replayed");
        assertThat(storedCopies(reading.eventId())).isEqualTo(1);
        JsonNode listed = listed(id);
        assertThat(listed.path("replayed").asBoolean()).isTrue();
        assertThat(listed.path("replayedBy").asString()).isEqualTo("olive");
        assertThat(listed.path("replayedAt").asString()).isNotBlank();

        Response again = post(PATH + "/replay", Map.of("ids", List.of(id)), olive);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().path("results").get(0).path("outcome").asString()).isEqualTo("already-replayed");
        assertThat(storedCopies(reading.eventId())).isEqualTo(1);

        try (AuditRecords audit = new AuditRecords()) {
            AuditRecorded record = audit.ofRequest(correlationId, r -> r.outcome().equals(AuditRecorded.SUCCESS))
                    .orElseThrow();
            assertThat(record.action()).isEqualTo(AuditRecorded.UPDATE);
            assertThat(record.resource()).isEqualTo("DeadLetter");
            assertThat(record.agent()).isEqualTo("olive");
            assertThat(record.patientIds()).containsExactly(reading.patientId());
            assertThat(record.reason()).contains(id);
        }
    }

    @Test
    void aReadingStoredMeanwhileIsNotStoredTwiceByItsReplay() {
        ReadingRecorded reading = reading("pat-dl-" + UUID.randomUUID());
        deadLetter(reading, "unknown reading type 'heart-rate'");
        String id = deadLetterKeyed(reading.patientId());
        publish(reading);
        await().atMost(PATIENCE).until(() -> storedCopies(reading.eventId()) == 1);

        Response replay = post(PATH + "/replay", Map.of("ids", List.of(id)), olive);

        assertThat(replay.json().path("results").get(0).path("outcome").asString()).isEqualTo("replayed");
        assertThat(storedCopies(reading.eventId())).isEqualTo(1);
    }

    @Test
    void idsThatNameNoDeadLetterOfThisServiceAreNotFoundAndBadIdsA400() {
        Response replay = post(PATH + "/replay", Map.of("ids", List.of(
                Topics.READING_RECORDED.deadLetterName() + ":0:999999999", Topics.AUDIT_RECORDED.name() + ":0:0",
                Topics.READING_RECORDED.deadLetterName() + ":99:0")), olive);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("results")).extracting(r -> r.path("outcome").asString())
                .containsExactly("not-found", "not-found", "not-found");

        Response bad = post(PATH + "/replay", Map.of("ids", List.of("nonsense")), olive);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.json().path("detail").asString()).startsWith("ids[0] ");
        assertThat(post(PATH + "/replay", "{}", olive).status()).isEqualTo(400);
        assertThat(post(PATH + "/replay", "{\"ids\": 7}", olive).status()).isEqualTo(400);
    }

    @Test
    void onlyOperatorsGetInAndEveryCallIsAudited() {
        ReadingRecorded reading = reading("pat-dl-" + UUID.randomUUID());
        deadLetter(reading, "unknown reading type 'heart-rate'");
        String id = deadLetterKeyed(reading.patientId());
        List<String> others = List.of(TestIssuer.clinician("ada"), TestIssuer.admin(), TestIssuer.patientUser("pat"),
                TestIssuer.integrator("test-integrator", "system/*.cruds"));
        String denied = UUID.randomUUID().toString();

        for (String token : others) {
            assertThat(get(PATH, token).status()).isEqualTo(403);
            assertThat(send("POST", PATH + "/replay", Map.of("ids", List.of(id)), token, denied).status())
                    .isEqualTo(403);
        }
        assertThat(get(PATH, null).status()).isEqualTo(401);
        assertThat(storedCopies(reading.eventId())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter_replay WHERE id = ?", Integer.class, id))
                .isZero();

        String listing = UUID.randomUUID().toString();
        assertThat(send("GET", PATH, null, olive, listing).status()).isEqualTo(200);
        try (AuditRecords audit = new AuditRecords()) {
            AuditRecorded read = audit.ofRequest(listing, r -> true).orElseThrow();
            assertThat(read.action()).isEqualTo(AuditRecorded.READ);
            assertThat(read.resource()).isEqualTo("DeadLetter");
            assertThat(read.outcome()).isEqualTo(AuditRecorded.SUCCESS);
            assertThat(read.agent()).isEqualTo("olive");
            AuditRecorded refused = audit.ofRequest(denied, r -> r.agent().equals("ada")).orElseThrow();
            assertThat(refused.outcome()).isEqualTo(AuditRecorded.DENIED);
            assertThat(refused.action()).isEqualTo(AuditRecorded.UPDATE);
            assertThat(refused.resource()).isEqualTo("DeadLetter");
        }
    }

    private static ReadingRecorded reading(String patientId) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-dl", "hr-" + UUID.randomUUID(), patientId, "heart-rate",
                Instant.now().minusSeconds(30), Instant.now(), 71.0, "/min", null, null, null, null, null, null,
                ReadingRecorded.SOURCE_DEVICE);
    }

    /** What the listener does with a record it gives up on, for a record at a made-up position of the topic. */
    private void deadLetter(ReadingRecorded reading, String reason) {
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(Topics.READING_RECORDED.name(), 0, 1_000_000L,
                reading.patientId().getBytes(StandardCharsets.UTF_8), Topics.READING_RECORDED.codec().encode(reading));
        deadLetters.send(Topics.READING_RECORDED, original, reason);
    }

    /** The listing's entry for this id, waiting for it to appear. */
    private JsonNode listed(String id) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(PATIENCE).untilAsserted(() -> {
            Response list = get(PATH, olive);
            assertThat(list.status()).isEqualTo(200);
            found[0] = null;
            for (JsonNode letter : list.json().path("deadLetters")) {
                if (letter.path("id").asString().equals(id)) {
                    found[0] = letter;
                }
            }
            assertThat(found[0]).isNotNull();
        });
        return found[0];
    }

    /** The id of the dead letter with this key, read from the dead-letter topic itself. */
    private static String deadLetterKeyed(String key) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.READING_RECORDED.deadLetterName()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        return record.topic() + ":" + record.partition() + ":" + record.offset();
                    }
                }
            }
        }
        throw new AssertionError("no dead letter keyed " + key);
    }

    private int storedCopies(UUID eventId) {
        Integer copies = jdbc.queryForObject("SELECT count(*) FROM readings WHERE id = ?", Integer.class, eventId);
        return copies == null ? 0 : copies;
    }
}
