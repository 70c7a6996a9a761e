package org.vigil.alert.news2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.ReadingRecorded;
import tools.jackson.databind.JsonNode;

/** NEWS2 end to end: readings through Kafka, scores and the news2 alert out through the APIs. */
class News2IT extends IntegrationTest {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void workedExampleScoresFiveMediumAndRaisesExactlyOneNews2Alert() {
        String patient = newPatient();
        List<ReadingRecorded> readings = workedExample(patient, T0);
        readings.forEach(r -> publish(patient, encode(r)));

        JsonNode score = awaitScore(patient, s -> s.get("complete").asBoolean());
        assertThat(score.get("total").asInt()).isEqualTo(5);
        assertThat(score.get("risk").asString()).isEqualTo("medium");
        assertThat(score.get("scale").asInt()).isEqualTo(1);
        assertThat(score.get("missing")).isEmpty();
        assertThat(score.get("subScores").get("respirationRate").asInt()).isEqualTo(2);
        assertThat(score.get("subScores").get("spo2").asInt()).isEqualTo(2);
        assertThat(score.get("subScores").get("pulse").asInt()).isEqualTo(1);
        assertThat(Instant.parse(score.get("computedAt").asString())).isEqualTo(readings.getLast().time());
        assertThat(score.get("basedOn")).hasSize(7);
        assertThat(score.has("id")).isFalse();

        JsonNode alert = awaitOpenAlert(patient, "news2");
        assertThat(alert.get("severity").asString()).isEqualTo("medium");
        assertThat(alert.get("category").asString()).isEqualTo("clinical");
        assertThat(alert.get("message").asString()).startsWith("NEWS2 5: medium clinical risk");

        // Still medium: no second alert. Then high: the same alert, now high.
        publish(patient, encode(quantity(patient, "heart-rate", 115, "/min", T0.plusSeconds(600))));
        publish(patient, encode(quantity(patient, "respiratory-rate", 26, "/min", T0.plusSeconds(660))));
        awaitScore(patient, s -> "high".equals(s.get("risk").asString()));
        await().atMost(PATIENCE).until(() -> news2Alerts(patient).getFirst().get("severity").asString()
                .equals("high"));
        assertThat(news2Alerts(patient)).hasSize(1);
        assertThat(news2Alerts(patient).getFirst().get("value").asInt()).isEqualTo(7);

        // Back to low: resolved automatically.
        publish(patient, encode(quantity(patient, "respiratory-rate", 16, "/min", T0.plusSeconds(720))));
        publish(patient, encode(quantity(patient, "spo2", 97, "%", T0.plusSeconds(780))));
        await().atMost(PATIENCE).until(() -> news2Alerts(patient).getFirst().get("status").asString()
                .equals("resolved"));
        assertThat(news2Alerts(patient)).hasSize(1);
    }

    @Test
    void missingParametersMakeAnIncompleteScoreThatRaisesNothing() {
        String patient = newPatient();
        publish(patient, encode(quantity(patient, "respiratory-rate", 30, "/min", T0)));
        publish(patient, encode(quantity(patient, "heart-rate", 0, "/min", T0.plusSeconds(30))));

        JsonNode score = awaitScore(patient, s -> true);
        assertThat(score.get("complete").asBoolean()).isFalse();
        assertThat(score.get("total").isNull()).isTrue();
        assertThat(score.get("risk").isNull()).isTrue();
        assertThat(score.get("missing")).extracting(JsonNode::asString).containsExactly("spo2", "airOrOxygen",
                "systolic", "pulse", "consciousness", "temperature");
        assertThat(score.get("subScores").get("respirationRate").asInt()).isEqualTo(3);
        assertThat(score.get("subScores").get("pulse").isNull()).isTrue();
        awaitOpenAlert(patient, "respiratory-rate-high");
        assertThat(news2Alerts(patient)).isEmpty();
    }

    @Test
    void valuesOlderThanTheFreshnessWindowAreMissing() {
        String patient = newPatient();
        List<ReadingRecorded> readings = workedExample(patient, T0);
        readings.forEach(r -> publish(patient, encode(r)));
        publish(patient, encode(quantity(patient, "heart-rate", 95, "/min", T0.plusSeconds(3700))));

        JsonNode score = awaitScore(patient, s -> Instant.parse(s.get("computedAt").asString())
                .equals(T0.plusSeconds(3700)));
        assertThat(score.get("complete").asBoolean()).isFalse();
        assertThat(score.get("missing")).extracting(JsonNode::asString).contains("respirationRate");
    }

    @Test
    void backlogIsScoredAtItsOwnTimeAndRaisesNoAlert() {
        String patient = newPatient();
        // The patient is at low risk now (12:00)...
        normal(patient, T0.plusSeconds(7200)).forEach(r -> publish(patient, encode(r)));
        awaitScore(patient, s -> s.get("complete").asBoolean());
        // ...when a device uploads an hour-old backlog showing medium risk then.
        workedExample(patient, T0).forEach(r -> publish(patient, encode(r)));

        await().atMost(PATIENCE).until(() -> get("/internal/v1/patients/" + patient + "/news2/scores?limit=100")
                .body().get("scores").size() == 14);
        JsonNode scores = get("/internal/v1/patients/" + patient + "/news2/scores?to=2026-11-21T11:00:00Z")
                .body().get("scores");
        assertThat(scores.get(0).get("total").asInt()).isEqualTo(5);
        assertThat(scores.get(0).get("patientId").asString()).isEqualTo(patient);
        JsonNode one = get("/internal/v1/news2/scores/" + scores.get(0).get("id").asString()).body();
        assertThat(one.get("risk").asString()).isEqualTo("medium");
        assertThat(get("/api/v1/patients/" + patient + "/news2").body().get("risk").asString()).isEqualTo("low");
        assertThat(news2Alerts(patient)).isEmpty();
    }

    @Test
    void scale2PatientIsScoredOnScale2() {
        String patient = newPatient();
        assertThat(get("/api/v1/patients/" + patient + "/news2-settings").body().get("scale").asInt()).isEqualTo(1);
        Response set = put("/api/v1/patients/" + patient + "/news2-settings", "{\"scale\": 2}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(get("/api/v1/patients/" + patient + "/news2-settings").body().get("scale").asInt()).isEqualTo(2);
        Response bad = put("/api/v1/patients/" + patient + "/news2-settings", "{\"scale\": 3}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");

        List<ReadingRecorded> readings = normal(patient, T0);
        readings.set(1, oxygen(patient, true, T0.plusSeconds(10)));
        readings.forEach(r -> publish(patient, encode(r)));

        JsonNode score = awaitScore(patient, s -> s.get("complete").asBoolean());
        assertThat(score.get("scale").asInt()).isEqualTo(2);
        assertThat(score.get("subScores").get("spo2").asInt()).isEqualTo(3); // 97 % on oxygen, scale 2
        assertThat(score.get("total").asInt()).isEqualTo(5);
    }

    @Test
    void unknownPatientHasNoScore() {
        Response none = get("/api/v1/patients/" + newPatient() + "/news2");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(get("/internal/v1/news2/scores/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(get("/internal/v1/patients/x/news2/scores?from=yesterday").status()).isEqualTo(400);
    }

    /** RR 21, SpO2 93 % on air, systolic 120, pulse 95, alert, 37.5 °C: NEWS2 5, medium. */
    static List<ReadingRecorded> workedExample(String patient, Instant t) {
        return new java.util.ArrayList<>(List.of(
                quantity(patient, "respiratory-rate", 21, "/min", t),
                oxygen(patient, false, t.plusSeconds(10)),
                quantity(patient, "spo2", 93, "%", t.plusSeconds(20)),
                bloodPressure(patient, 120, 80, t.plusSeconds(30)),
                quantity(patient, "heart-rate", 95, "/min", t.plusSeconds(40)),
                consciousness(patient, "A", t.plusSeconds(50)),
                quantity(patient, "body-temperature", 37.5, "Cel", t.plusSeconds(60))));
    }

    /** NEWS2 0. */
    static List<ReadingRecorded> normal(String patient, Instant t) {
        return new java.util.ArrayList<>(List.of(
                quantity(patient, "respiratory-rate", 16, "/min", t),
                oxygen(patient, false, t.plusSeconds(10)),
                quantity(patient, "spo2", 97, "%", t.plusSeconds(20)),
                bloodPressure(patient, 120, 80, t.plusSeconds(30)),
                quantity(patient, "heart-rate", 70, "/min", t.plusSeconds(40)),
                consciousness(patient, "A", t.plusSeconds(50)),
                quantity(patient, "body-temperature", 37.0, "Cel", t.plusSeconds(60))));
    }

    static ReadingRecorded oxygen(String patient, boolean on, Instant t) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-it", "r-" + UUID.randomUUID(), patient,
                "supplemental-oxygen", t, t.plusSeconds(1), null, on ? "L/min" : null, null, null, null, on,
                on ? 2.0 : null, null, ReadingRecorded.SOURCE_DEVICE);
    }

    static ReadingRecorded consciousness(String patient, String acvpu, Instant t) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-it", "r-" + UUID.randomUUID(), patient, "consciousness",
                t, t.plusSeconds(1), null, null, null, null, acvpu, null, null, null, ReadingRecorded.SOURCE_DEVICE);
    }

    static ReadingRecorded bloodPressure(String patient, double systolic, double diastolic, Instant t) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-it", "r-" + UUID.randomUUID(), patient, "blood-pressure",
                t, t.plusSeconds(1), null, "mm[Hg]", systolic, diastolic, null, null, null, null,
                ReadingRecorded.SOURCE_DEVICE);
    }

    private JsonNode awaitScore(String patient, java.util.function.Predicate<JsonNode> wanted) {
        await().atMost(PATIENCE).until(() -> {
            Response r = get("/api/v1/patients/" + patient + "/news2");
            return r.status() == 200 && wanted.test(r.body());
        });
        return get("/api/v1/patients/" + patient + "/news2").body();
    }

    private List<JsonNode> news2Alerts(String patient) {
        return alertsOf(patient, null).stream().filter(a -> a.get("rule").asString().equals("news2")).toList();
    }
}
