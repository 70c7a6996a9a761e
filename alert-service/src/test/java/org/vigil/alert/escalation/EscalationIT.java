package org.vigil.alert.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * Under the test configuration (src/test/resources/config/application.yml) a high alert not acknowledged within 3 s
 * escalates to it-escalation-level-1, 3 s later to it-escalation-level-2, and then no further.
 */
class EscalationIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");

    @Autowired
    Escalator escalator;

    @Autowired
    JdbcClient jdbc;

    @Test
    void unacknowledgedAlertEscalatesAlongTheChainNotifyingOnlyTheTargetOfEachLevel() throws Exception {
        String patient = newPatient();
        try (WebhookReceiver levelOne = new WebhookReceiver(); WebhookReceiver bystander = new WebhookReceiver()) {
            // The chain target gets the escalation though its filters would not match the alert (technical only);
            // a subscriber matching every clinical alert gets the raise but not the escalation.
            String target = subscribe("it-escalation-level-1", levelOne.url(), "[\"technical\"]");
            String other = subscribe("it-bystander-" + System.nanoTime(), bystander.url(), "[\"clinical\"]");
            try {
                publish(patient, encode(heartRate(patient, 150, T0)));
                String id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();

                await().atMost(PATIENCE).until(() -> level(id) == 2);
                List<JsonNode> escalations = history(id).stream()
                        .filter(e -> e.get("change").asString().equals("escalated")).toList();
                assertThat(escalations).hasSize(2);
                assertThat(escalations.get(0).get("escalationLevel").asInt()).isEqualTo(1);
                assertThat(escalations.get(0).get("detail").asString())
                        .contains("Not acknowledged within PT3S", "high severity", "level 1",
                                "it-escalation-level-1");
                assertThat(escalations.get(1).get("detail").asString()).contains("level 2", "it-escalation-level-2");
                Instant first = Instant.parse(escalations.get(0).get("at").asString());
                Instant second = Instant.parse(escalations.get(1).get("at").asString());
                assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));

                await().atMost(PATIENCE).until(() -> !levelOne.received(b -> b.contains(patient)).isEmpty());
                assertThat(levelOne.received(b -> b.contains(patient)))
                        .extracting(r -> JSON.readTree(r.body()).get("change").asString()).containsExactly("escalated");
                assertThat(JSON.readTree(levelOne.received(b -> b.contains(patient)).getFirst().body())
                        .get("escalationLevel").asInt()).isEqualTo(1);
                await().atMost(PATIENCE).until(() -> !bystander.received(b -> b.contains(patient)).isEmpty());

                // The chain has two levels: no third escalation.
                Thread.sleep(4_000);
                assertThat(level(id)).isEqualTo(2);
                assertThat(bystander.received(b -> b.contains(patient)))
                        .extracting(r -> JSON.readTree(r.body()).get("change").asString()).containsExactly("raised");
            } finally {
                delete("/api/v1/alert-subscriptions/" + target);
                delete("/api/v1/alert-subscriptions/" + other);
            }
        }
    }

    @Test
    void acknowledgedAlertDoesNotEscalate() throws InterruptedException {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 150, T0)));
        String id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();

        assertThat(post("/api/v1/alerts/" + id + "/acknowledge", "{\"by\": \"nurse-1\"}", actingAs("nurse-1"))
                .status()).isEqualTo(200);
        Thread.sleep(5_000);

        assertThat(level(id)).isZero();
        assertThat(history(id)).extracting(e -> e.get("change").asString()).doesNotContain("escalated");
    }

    @Test
    void resolvedAlertDoesNotEscalate() throws InterruptedException {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 150, T0)));
        String id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();

        assertThat(post("/api/v1/alerts/" + id + "/resolve", "{\"by\": \"nurse-1\"}", actingAs("nurse-1"))
                .status()).isEqualTo(200);
        Thread.sleep(5_000);

        assertThat(level(id)).isZero();
    }

    /**
     * The due time lives in the alert's row: an escalation that fell due while the escalator was stopped happens as
     * soon as it runs again, exactly once.
     */
    @Test
    void escalationDueWhileStoppedHappensOnceAfterRestart() throws InterruptedException {
        escalator.stop();
        String id;
        try {
            String patient = newPatient();
            publish(patient, encode(heartRate(patient, 150, T0)));
            id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();
            Thread.sleep(4_500);
            assertThat(level(id)).isZero();
            assertThat(jdbc.sql("select escalation_due_at < now() from alert where id = cast(:id as uuid)")
                    .param("id", id).query(Boolean.class).single()).isTrue();
        } finally {
            escalator.start();
        }

        await().atMost(PATIENCE).until(() -> level(id) >= 1);
        List<JsonNode> history = history(id);
        assertThat(history).extracting(e -> e.get("change").asString()).startsWith("raised", "escalated");
        assertThat(history).filteredOn(e -> e.get("escalationLevel").asInt() == 1).hasSize(1);
    }

    private int level(String id) {
        return get("/api/v1/alerts/" + id).body().get("escalationLevel").asInt();
    }

    private List<JsonNode> history(String id) {
        List<JsonNode> entries = new ArrayList<>();
        get("/api/v1/alerts/" + id + "/history").body().forEach(entries::add);
        return entries;
    }

    private String subscribe(String name, String url, String categories) {
        Response created = post("/api/v1/alert-subscriptions", "{\"name\": \"" + name + "\", \"url\": \"" + url
                + "\", \"secret\": \"escalation-test-secret\", \"categories\": " + categories + "}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asString();
    }
}
