package org.vigil.alert.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.alert.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** open → acknowledged → resolved, comments, and the history of every change, through the API. */
class AlertLifecycleIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    @Autowired
    AlertStore store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void acknowledgedCommentedAndResolvedAlertKeepsItsWholeHistory() {
        String patient = newPatient();
        publish(patient, encode(quantity(patient, "blood-glucose", 60, "mg/dL", T0)));
        String id = awaitOpenAlert(patient, "glucose-low").get("id").asString();
        publish(patient, encode(quantity(patient, "blood-glucose", 52, "mg/dL", T0.plusSeconds(60))));
        await().atMost(PATIENCE).until(() -> get("/api/v1/alerts/" + id).body().get("value").asDouble() == 52);

        Response commented = post("/api/v1/alerts/" + id + "/comments",
                "{\"by\": \"nurse-7\", \"text\": \"patient eating now\"}", actingAs("nurse-7"));
        assertThat(commented.status()).isEqualTo(201);
        assertThat(commented.body().get("text").asString()).isEqualTo("patient eating now");
        assertThat(commented.body().get("by").asString()).isEqualTo("nurse-7");

        Response acknowledged = post("/api/v1/alerts/" + id + "/acknowledge",
                "{\"by\": \"nurse-7\", \"comment\": \"on it\"}", actingAs("nurse-7"));
        assertThat(acknowledged.status()).isEqualTo(200);

        Response resolved = post("/api/v1/alerts/" + id + "/resolve",
                "{\"by\": \"dr-2\", \"comment\": \"glucose 110 after juice\"}", actingAs("dr-2"));
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body().get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.body().get("resolvedBy").asString()).isEqualTo("dr-2");
        assertThat(resolved.body().get("resolution").asString()).isEqualTo("glucose 110 after juice");
        assertThat(resolved.body().get("resolvedAt").asString()).isNotBlank();
        assertThat(resolved.body().get("acknowledgedBy").asString()).isEqualTo("nurse-7");
        assertThat(resolved.body().get("escalationLevel").asInt()).isZero();

        Response again = post("/api/v1/alerts/" + id + "/resolve", "{\"by\": \"dr-3\"}", actingAs("dr-3"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(get("/api/v1/alerts/" + id).body().get("resolvedBy").asString()).isEqualTo("dr-2");

        JsonNode alert = get("/api/v1/alerts/" + id).body();
        assertThat(alert.get("comments")).hasSize(1);
        assertThat(alert.get("comments").get(0).get("text").asString()).isEqualTo("patient eating now");
        assertThat(alert.get("comments").get(0).get("at").asString()).isNotBlank();

        List<JsonNode> history = history(id);
        assertThat(history).extracting(e -> e.get("change").asString())
                .containsExactly("raised", "updated", "commented", "acknowledged", "resolved");
        assertThat(history).extracting(e -> e.has("by") ? e.get("by").asString() : null)
                .containsExactly(null, null, "nurse-7", "nurse-7", "dr-2");
        assertThat(history.get(0).get("detail").asString()).isEqualTo("Blood glucose 60 mg/dL is below 70 mg/dL");
        assertThat(history.get(1).get("detail").asString()).isEqualTo("Blood glucose 52 mg/dL is below 70 mg/dL");
        assertThat(history.get(2).get("detail").asString()).isEqualTo("patient eating now");
        assertThat(history.get(3).get("detail").asString()).isEqualTo("on it");
        assertThat(history.get(4).get("detail").asString()).isEqualTo("glucose 110 after juice");
        assertThat(history).allSatisfy(e -> assertThat(e.get("at").asString()).isNotBlank());

        // Once resolved, the rule raises a new alert rather than reopening this one.
        publish(patient, encode(quantity(patient, "blood-glucose", 58, "mg/dL", T0.plusSeconds(600))));
        String next = awaitOpenAlert(patient, "glucose-low").get("id").asString();
        assertThat(next).isNotEqualTo(id);
    }

    @Test
    // Medium alerts: only high ones escalate under the test configuration, which would add to these histories.
    void openAlertCanBeResolvedDirectlyAndCommentedAfterwards() {
        String patient = newPatient();
        publish(patient, encode(quantity(patient, "blood-glucose", 300, "mg/dL", T0)));
        String id = awaitOpenAlert(patient, "glucose-high").get("id").asString();

        Response resolved = post("/api/v1/alerts/" + id + "/resolve", "");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body().get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.body().has("acknowledgedAt")).isFalse();

        assertThat(post("/api/v1/alerts/" + id + "/comments", "{\"text\": \"false alarm: loose strap\"}").status())
                .isEqualTo(201);
        assertThat(post("/api/v1/alerts/" + id + "/acknowledge", "{}").status()).isEqualTo(409);
        assertThat(history(id)).extracting(e -> e.get("change").asString())
                .containsExactly("raised", "resolved", "commented");
    }

    @Test
    void automaticResolutionByTheRuleEngineIsInTheHistoryAndTheOutbox() {
        String patient = newPatient();
        publish(patient, encode(quantity(patient, "blood-glucose", 300, "mg/dL", T0)));
        String id = awaitOpenAlert(patient, "glucose-high").get("id").asString();

        assertThat(store.resolveAutomatically(patient, "glucose-high", T0.plusSeconds(120),
                "glucose back to 180 mg/dL", Instant.now())).isEqualTo(AlertStore.Outcome.RESOLVED);

        JsonNode alert = get("/api/v1/alerts/" + id).body();
        assertThat(alert.get("status").asString()).isEqualTo("resolved");
        assertThat(alert.has("resolvedBy")).isFalse();
        assertThat(alert.get("resolution").asString()).isEqualTo("glucose back to 180 mg/dL");
        List<JsonNode> history = history(id);
        assertThat(history).extracting(e -> e.get("change").asString()).containsExactly("raised", "resolved");
        assertThat(history.get(1).has("by")).isFalse();
        assertThat(jdbc.sql("select count(*) from alert_outbox where patient_id = :p and change = 'resolved'")
                .param("p", patient).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void clinicalAndTechnicalAlertsAreListedApart() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 145, T0)));
        awaitOpenAlert(patient, "heart-rate-high");

        assertThat(list("/api/v1/alerts?patientId=" + patient + "&category=clinical"))
                .extracting(a -> a.get("category").asString()).containsOnly("clinical").isNotEmpty();
        assertThat(list("/api/v1/alerts?patientId=" + patient + "&category=technical")).isEmpty();

        Response bad = get("/api/v1/alerts?category=billing");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
    }

    @Test
    void listsLeaveCommentsOutAndClientErrorsAreProblemDetails() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 145, T0)));
        String id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();
        post("/api/v1/alerts/" + id + "/comments", "{\"text\": \"noted\"}");
        assertThat(alertsOf(patient, null).getFirst().has("comments")).isFalse();
        assertThat(alertsOf(patient, null).getFirst().get("escalationLevel")).isNotNull();

        Response noText = post("/api/v1/alerts/" + id + "/comments", "{\"by\": \"x\"}", actingAs("x"));
        assertThat(noText.status()).isEqualTo(400);
        assertThat(noText.body().get("detail").asString()).contains("text");
        Response tooLong = post("/api/v1/alerts/" + id + "/comments", "{\"text\": \"" + "x".repeat(2001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        String unknown = UUID.randomUUID().toString();
        assertThat(post("/api/v1/alerts/" + unknown + "/comments", "{\"text\": \"t\"}").status()).isEqualTo(404);
        assertThat(post("/api/v1/alerts/" + unknown + "/resolve", "{}").status()).isEqualTo(404);
        Response noHistory = get("/api/v1/alerts/" + unknown + "/history");
        assertThat(noHistory.status()).isEqualTo(404);
        assertThat(noHistory.contentType()).startsWith("application/problem+json");
    }

    private List<JsonNode> history(String id) {
        return list("/api/v1/alerts/" + id + "/history");
    }

    private List<JsonNode> list(String path) {
        Response response = get(path);
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        response.body().forEach(items::add);
        return items;
    }
}
