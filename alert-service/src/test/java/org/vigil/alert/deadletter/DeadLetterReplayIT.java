package org.vigil.alert.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.DeadLetters;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

/** Operators list alert-service's dead letters and replay them, on the real Kafka and PostgreSQL. */
class DeadLetterReplayIT extends IntegrationTest {

    private static final String PATH = "/api/v1/dead-letters/alert";

    @Autowired
    DeadLetters deadLetters;

    private final String olive = TestIssuer.operator("olive");

    @Test
    void aPoisonRecordIsListedWithItsReasonAndAReplayThatFailsAgainIsNotRecorded() {
        String patient = newPatient();
        publish(patient, bytes("{not json"));
        String id = idOf(deadLettersKeyed(patient, 1).get(0));

        JsonNode letter = listed(id);
        assertThat(letter.path("consumer").asString()).isEqualTo("alert-service");
        assertThat(letter.path("originalTopic").asString()).isEqualTo(Topics.READING_RECORDED.name());
        assertThat(letter.path("reason").asString()).isNotBlank();
        assertThat(letter.path("sizeBytes").asInt()).isEqualTo(9);
        assertThat(letter.toString()).doesNotContain("not json");

        Response replay = post(PATH + "/replay", "{\"ids\": [\"" + id + "\"]}", olive);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().path("results").get(0).path("outcome").asString()).isEqualTo("failed");
        assertThat(listed(id).path("replayed").asBoolean()).isFalse();
    }

    @Test
    void aReadingARuleFailedOnIsEvaluatedOnceReplayedAndNeverReplayedTwice() {
        String patient = newPatient();
        ReadingRecorded reading = heartRate(patient, 142, Instant.now().minusSeconds(60));
        // As the listener dead-letters a reading a rule threw on; the rule is fixed now.
        deadLetters.send(Topics.READING_RECORDED, new ConsumerRecord<>(Topics.READING_RECORDED.name(), 0, 1_000_000L,
                bytes(patient), encode(reading)), "rule evaluation failed: java.lang.IllegalStateException");
        String id = idOf(deadLettersKeyed(patient, 1).get(0));
        assertThat(alertsOf(patient, null)).isEmpty();

        Response replay = post(PATH + "/replay", "{\"ids\": [\"" + id + "\"]}", olive);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().path("results").get(0).path("outcome").asString()).isEqualTo("replayed");
        assertThat(alertsOf(patient, "open")).extracting(a -> a.get("rule").asString())
                .containsExactly("heart-rate-high");
        assertThat(listed(id).path("replayedBy").asString()).isEqualTo("olive");

        Response again = post(PATH + "/replay", "{\"ids\": [\"" + id + "\"]}", olive);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.body().path("results").get(0).path("outcome").asString()).isEqualTo("already-replayed");
        assertThat(alertsOf(patient, null)).hasSize(1);
        await().atMost(PATIENCE).until(() -> audited("olive").stream().anyMatch(r ->
                r.action().equals(AuditRecorded.UPDATE) && r.resource().equals("DeadLetter")
                        && r.outcome().equals(AuditRecorded.SUCCESS) && r.patientIds().equals(List.of(patient))
                        && r.reason() != null && r.reason().contains(id)));
    }

    @Test
    void onlyOperatorsGetInEveryCallIsAuditedAndUnknownIdsAreNotFound() {
        for (String token : List.of(TestIssuer.clinician("ada"), TestIssuer.admin(), actingAs("alert-dl-it"))) {
            assertThat(get(PATH, token).status()).isEqualTo(403);
            assertThat(post(PATH + "/replay", "{\"ids\": [\"vigil.reading-recorded.v1.dlt:0:0\"]}", token).status())
                    .isEqualTo(403);
        }
        await().atMost(PATIENCE).until(() -> audited("ada").stream().anyMatch(r ->
                r.resource().equals("DeadLetter") && r.outcome().equals(AuditRecorded.DENIED)));

        assertThat(get(PATH, olive).status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> audited("olive").stream().anyMatch(r ->
                r.action().equals(AuditRecorded.READ) && r.resource().equals("DeadLetter")));

        Response unknown = post(PATH + "/replay",
                "{\"ids\": [\"vigil.reading-recorded.v1.dlt:0:999999999\", \"vigil.audit-recorded.v1:0:0\"]}", olive);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body().path("results")).extracting(r -> r.path("outcome").asString())
                .containsExactly("not-found", "not-found");
        Response bad = post(PATH + "/replay", "{\"ids\": [\"vigil.reading-recorded.v1.dlt:zero:0\"]}", olive);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().path("detail").asString()).startsWith("ids[0] ");
    }

    private JsonNode listed(String id) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(PATIENCE).untilAsserted(() -> {
            Response list = get(PATH, olive);
            assertThat(list.status()).isEqualTo(200);
            found[0] = null;
            for (JsonNode letter : list.body().path("deadLetters")) {
                if (letter.path("id").asString().equals(id)) {
                    found[0] = letter;
                }
            }
            assertThat(found[0]).isNotNull();
        });
        return found[0];
    }

    private static String idOf(ConsumerRecord<byte[], byte[]> letter) {
        return letter.topic() + ":" + letter.partition() + ":" + letter.offset();
    }

    /** The audit records of this agent (the audit topic is keyed by agent). */
    private static List<AuditRecorded> audited(String agent) {
        return recordsKeyed(Topics.AUDIT_RECORDED.name(), agent, Integer.MAX_VALUE, java.time.Duration.ofSeconds(3))
                .stream().map(r -> Topics.AUDIT_RECORDED.codec().decode(r.value())).toList();
    }
}
