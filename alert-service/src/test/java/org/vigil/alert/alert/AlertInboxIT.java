package org.vigil.alert.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * What the alert inbox needs beyond the list: when an alert next escalates, whom its escalations notified, and a
 * severity filter. Test configuration: a high alert escalates after 3 s to it-escalation-level-1, then 3 s later to
 * it-escalation-level-2, and stops; other severities never escalate.
 */
class AlertInboxIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void anAlertShowsWhenItNextEscalatesAndWhomItsEscalationsNotified() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 150, T0)));
        JsonNode raised = awaitOpenAlert(patient, "heart-rate-high");
        Instant raisedAt = Instant.parse(raised.get("raisedAt").asString());
        if (raised.get("escalationLevel").asInt() == 0) {
            assertThat(Instant.parse(raised.get("escalationDueAt").asString()))
                    .isEqualTo(raisedAt.plus(Duration.ofSeconds(3)));
            assertThat(raised.get("notified")).isEmpty();
        }
        String id = raised.get("id").asString();

        await().atMost(PATIENCE).until(() -> get("/api/v1/alerts/" + id).body().get("escalationLevel").asInt() == 2);
        JsonNode escalated = get("/api/v1/alerts/" + id).body();
        assertThat(texts(escalated.get("notified"))).containsExactly("it-escalation-level-1", "it-escalation-level-2");
        assertThat(escalated.has("escalationDueAt")).isTrue();
        assertThat(escalated.get("escalationDueAt").isNull()).isTrue();
        JsonNode listed = alertsOf(patient, "open").getFirst();
        assertThat(texts(listed.get("notified"))).containsExactly("it-escalation-level-1", "it-escalation-level-2");
    }

    @Test
    void alertsCanBeFilteredBySeverity() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 150, T0)));
        publish(patient, encode(quantity(patient, "body-temperature", 39.5, "Cel", T0)));
        awaitOpenAlert(patient, "heart-rate-high");
        awaitOpenAlert(patient, "temperature-high");

        assertThat(rules(patient, "medium")).containsExactly("temperature-high");
        assertThat(rules(patient, "high")).containsExactly("heart-rate-high");
        assertThat(rules(patient, "high,medium")).containsExactlyInAnyOrder("heart-rate-high", "temperature-high");
        assertThat(rules(patient, "low")).isEmpty();

        Response bad = get("/api/v1/alerts?patientId=" + patient + "&severity=high,urgent");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("detail").asString()).contains("severity");
    }

    private List<String> rules(String patient, String severity) {
        Response response = get("/api/v1/alerts?patientId=" + patient + "&severity=" + severity);
        assertThat(response.status()).isEqualTo(200);
        List<String> rules = new ArrayList<>();
        response.body().forEach(a -> rules.add(a.get("rule").asString()));
        return rules;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asString()));
        return texts;
    }
}
