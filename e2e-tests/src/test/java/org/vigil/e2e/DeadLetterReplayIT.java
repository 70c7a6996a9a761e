package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.Headers;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, dead-letter replay, through the gateway as a signed-in operator would come: olive lists vitals-service's
 * dead letters and replays one once its cause is fixed; the reading then appears once in the patient's record; a
 * clinician can do neither.
 */
class DeadLetterReplayIT {

    private static final String PATH = "/api/v1/dead-letters/vitals";
    private static final Duration PIPELINE = Duration.ofSeconds(40);

    private static Api admin;
    private static Api ada;
    private static Api olive;
    private static String patient;

    @BeforeAll
    static void aPatientInAdasCareTeam() {
        Platform platform = Platform.get();
        admin = new Api(platform.gateway());
        patient = admin.createPatient("Letter", "Dora");
        String team = admin.post("/api/v1/care-teams", "{\"name\":\"Dead letters " + UUID.randomUUID() + "\"}")
                .json().get("id").asString();
        assertThat(admin.put("/api/v1/care-teams/" + team + "/members/ada", null).status()).isEqualTo(200);
        assertThat(admin.put("/api/v1/care-teams/" + team + "/patients/" + patient, null).status()).isEqualTo(200);
        ada = BrowserSession.signIn("ada", "ada-demo-password").api();
        olive = BrowserSession.signIn("olive", "olive-demo-password").api();
    }

    @Test
    void anOperatorReplaysADeadLetterOnceAndAClinicianCannot() throws Exception {
        ReadingRecorded reading = new ReadingRecorded(UUID.randomUUID(), "dev-e2e-dl", "hr-" + UUID.randomUUID(),
                patient, "heart-rate", Instant.now().minusSeconds(60), Instant.now(), 77.0, "/min", null, null, null,
                null, null, null, ReadingRecorded.SOURCE_DEVICE);
        String id = deadLetteredByAnEarlierVersion(reading);

        assertThat(ada.get(PATH).status()).isEqualTo(403);
        Api.Response refused = ada.post(PATH + "/replay", "{\"ids\":[\"" + id + "\"]}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        Api.Response listing = olive.get(PATH);
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        JsonNode letter = null;
        for (JsonNode candidate : listing.json().get("deadLetters")) {
            if (candidate.get("id").asString().equals(id)) {
                letter = candidate;
            }
        }
        assertThat(letter).as(listing.body()).isNotNull();
        assertThat(letter.get("reason").asString()).isEqualTo("unknown reading type 'heart-rate'");
        assertThat(letter.get("consumer").asString()).isEqualTo("vitals-service");
        assertThat(listing.body()).doesNotContain(patient);

        Api.Response replay = olive.post(PATH + "/replay", "{\"ids\":[\"" + id + "\"]}");
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.json().get("results").get(0).get("outcome").asString()).isEqualTo("replayed");
        JsonNode stored = await().atMost(PIPELINE).until(
                () -> ada.get("/api/v1/patients/" + patient + "/vitals?type=heart-rate").json(),
                json -> json.toString().contains(reading.eventId().toString()));
        assertThat(stored.toString().split(reading.eventId().toString(), -1)).hasSize(2);

        Api.Response again = olive.post(PATH + "/replay", "{\"ids\":[\"" + id + "\"]}");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("results").get(0).get("outcome").asString()).isEqualTo("already-replayed");
    }

    /** What vitals-service's listener writes for a reading it cannot store, as a version without the type did. */
    private static String deadLetteredByAnEarlierVersion(ReadingRecorded reading) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(Topics.READING_RECORDED.deadLetterName(), null,
                    reading.patientId().getBytes(StandardCharsets.UTF_8), Topics.READING_RECORDED.codec().encode(reading));
            letter.headers().add(Headers.DLT_REASON, utf8("unknown reading type 'heart-rate'"));
            letter.headers().add(Headers.DLT_CONSUMER, utf8("vitals-service"));
            letter.headers().add(Headers.DLT_ORIGIN, utf8(Topics.READING_RECORDED.name() + "/0/123456"));
            RecordMetadata sent = producer.send(letter).get(30, java.util.concurrent.TimeUnit.SECONDS);
            return sent.topic() + ":" + sent.partition() + ":" + sent.offset();
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
