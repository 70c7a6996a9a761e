package org.vigil.alert.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Per-patient thresholds through the API, and the anti-fatigue settings on the real broker and database. */
class ThresholdIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private int markers;

    @Test
    void overrideTakesEffectOnTheNextReading() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 115, T0)));
        publishMarkerAndWait(patient, T0.plusSeconds(10));
        assertThat(rules(patient)).doesNotContain("heart-rate-high");

        Response put = put("/api/v1/patients/" + patient + "/thresholds",
                "[{\"rule\": \"heart-rate-high\", \"threshold\": 110, \"severity\": \"medium\"}]");
        assertThat(put.status()).isEqualTo(200);
        JsonNode hr = find(put.body(), "heart-rate-high");
        assertThat(hr.get("threshold").asInt()).isEqualTo(110);
        assertThat(hr.get("overridden").asBoolean()).isTrue();
        assertThat(hr.get("operator").asString()).isEqualTo("gt");
        assertThat(find(get("/api/v1/patients/" + patient + "/thresholds").body(), "spo2-low").get("overridden")
                .asBoolean()).isFalse();

        publish(patient, encode(heartRate(patient, 115, T0.plusSeconds(60))));
        JsonNode alert = awaitOpenAlert(patient, "heart-rate-high");
        assertThat(alert.get("severity").asString()).isEqualTo("medium");
        assertThat(alert.get("message").asString()).isEqualTo("Heart rate 115 /min is above 110 /min");
    }

    @Test
    void invalidOverridesAreProblemDetailsNamingTheField() {
        String patient = newPatient();
        assertBad(patient, "{}", "list");
        assertBad(patient, "[{\"threshold\": 1}]", "[0].rule");
        assertBad(patient, "[{\"rule\": \"no-such-rule\"}]", "[0].rule");
        assertBad(patient, "[{\"rule\": \"spo2-low\", \"operator\": \"eq\"}]", "[0].operator");
        assertBad(patient, "[{\"rule\": \"spo2-low\", \"threshold\": \"low\"}]", "[0].threshold");
        assertBad(patient, "[{\"rule\": \"spo2-low\"}, {\"rule\": \"spo2-low\"}]", "[1].rule");
        assertBad(patient, "[{\"rule\": \"spo2-low\", \"consecutive\": 0}]", "[0].consecutive");
        assertBad(patient, "[{\"rule\": \"spo2-low\", \"minDuration\": \"10 minutes\"}]", "[0].minDuration");
        assertBad(patient, "[{\"rule\": \"spo2-low\", \"severity\": \"urgent\"}]", "[0].severity");
        assertBad(patient, "[{\"rule\": \"spo2-low\", \"clearMargin\": -1}]", "[0].clearMargin");
        assertBad(patient, "[{\"rule\": \"spo2-low\", \"enabled\": \"yes\"}]", "[0].enabled");
    }

    @Test
    void nConsecutiveBreachesAreNeededBeforeRaising() {
        String patient = newPatient();
        put("/api/v1/patients/" + patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"consecutive\": 3}]");

        publish(patient, encode(quantity(patient, "spo2", 88, "%", T0)));
        publish(patient, encode(quantity(patient, "spo2", 86, "%", T0.plusSeconds(60))));
        publish(patient, encode(quantity(patient, "spo2", 95, "%", T0.plusSeconds(120))));
        publish(patient, encode(quantity(patient, "spo2", 87, "%", T0.plusSeconds(180))));
        publish(patient, encode(quantity(patient, "spo2", 0, "%", T0.plusSeconds(200)))); // sensor off: ignored
        publish(patient, encode(quantity(patient, "spo2", 88, "%", T0.plusSeconds(240))));
        publishMarkerAndWait(patient, T0.plusSeconds(250));
        assertThat(rules(patient)).doesNotContain("spo2-low");

        publish(patient, encode(quantity(patient, "spo2", 89, "%", T0.plusSeconds(300))));
        JsonNode alert = awaitOpenAlert(patient, "spo2-low");
        assertThat(alert.get("value").asDouble()).isEqualTo(89);
        assertThat(Instant.parse(alert.get("observedAt").asString())).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void hysteresisResolvesOnlyAfterReadingsClearlyBackInRange() {
        String patient = newPatient();
        // Defaults: heart-rate-high clears below 130 - 5 for 2 readings.
        publish(patient, encode(heartRate(patient, 150, T0)));
        publish(patient, encode(heartRate(patient, 142, T0.plusSeconds(60))));
        publish(patient, encode(heartRate(patient, 128, T0.plusSeconds(120)))); // not below 125
        publish(patient, encode(heartRate(patient, 120, T0.plusSeconds(180))));
        publishMarkerAndWait(patient, T0.plusSeconds(190));
        JsonNode open = awaitOpenAlert(patient, "heart-rate-high");
        assertThat(open.get("value").asDouble()).isEqualTo(150);

        publish(patient, encode(heartRate(patient, 118, T0.plusSeconds(240))));
        await().atMost(PATIENCE).until(() -> alertsOf(patient, "resolved").stream()
                .anyMatch(a -> a.get("rule").asString().equals("heart-rate-high")));
        JsonNode resolved = get("/api/v1/alerts/" + open.get("id").asString()).body();
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("value").asDouble()).isEqualTo(150);

        // An old breach arriving late (older than the normal readings) raises nothing new.
        publish(patient, encode(heartRate(patient, 160, T0.plusSeconds(200))));
        publishMarkerAndWait(patient, T0.plusSeconds(300));
        assertThat(alertsOf(patient, null).stream().filter(a -> a.get("rule").asString().equals("heart-rate-high")))
                .hasSize(1);
    }

    @Test
    void weightGainIsEnabledPerPatient() {
        String patient = newPatient();
        String other = newPatient();
        put("/api/v1/patients/" + patient + "/thresholds", "[{\"rule\": \"weight-gain\", \"enabled\": true}]");
        for (String p : List.of(patient, other)) {
            publish(p, encode(quantity(p, "body-weight", 80.0, "kg", T0)));
            publish(p, encode(quantity(p, "body-weight", 81.1, "kg", T0.plusSeconds(86_400))));
            publish(p, encode(quantity(p, "body-weight", 82.2, "kg", T0.plusSeconds(86_400 + 43_200))));
        }
        JsonNode alert = awaitOpenAlert(patient, "weight-gain");
        assertThat(alert.get("value").asDouble()).isEqualTo(2.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(alert.get("message").asString()).isEqualTo("Body weight up 2.2 kg within 2 days, is at or above 2 kg");
        publishMarkerAndWait(other, T0.plusSeconds(200_000));
        assertThat(rules(other)).doesNotContain("weight-gain");
    }

    private void assertBad(String patient, String body, String field) {
        Response response = put("/api/v1/patients/" + patient + "/thresholds", body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("detail").asString()).as(body).contains(field);
    }

    private static JsonNode find(JsonNode list, String rule) {
        for (JsonNode node : list) {
            if (node.get("rule").asString().equals(rule)) {
                return node;
            }
        }
        throw new AssertionError("no " + rule);
    }

    private List<String> rules(String patient) {
        return alertsOf(patient, null).stream().map(a -> a.get("rule").asString()).toList();
    }

    /** A glucose of 40 at {@code t} on the same key: once its alert shows, everything before it was evaluated. */
    private void publishMarkerAndWait(String patient, Instant t) {
        // Lower each time, so that it updates the open glucose-low alert (which keeps the worst value).
        publish(patient, encode(quantity(patient, "blood-glucose", 60 - markers++, "mg/dL", t)));
        await().atMost(PATIENCE).until(() -> alertsOf(patient, null).stream()
                .anyMatch(a -> a.get("rule").asString().equals("glucose-low")
                        && Instant.parse(a.get("observedAt").asString()).compareTo(t) >= 0));
    }
}
