package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

/**
 * Admins no longer receive every patient's alerts (issue 13, item 5): an alert webhook subscription delivers only what
 * its owner may read, decided again at every delivery and audited; an admin, who reads no clinical data, is refused
 * one; and the alert settings have a SMART scope of their own, so that {@code system/Flag.u} changes no thresholds.
 */
class SubscriptionScopeIT extends IntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = "whsec-test-0123456789abcdef";

    @Test
    void aFlagScopeReadsTheThresholdsButOnlyTheSettingsScopeChangesThem() {
        String patient = "/api/v1/patients/" + newPatient() + "/thresholds";

        Response flag = put(patient, "[]", TestIssuer.integrator("acme-flag-" + RUN, "system/Flag.cruds"));
        assertThat(flag.status()).isEqualTo(403);
        assertThat(flag.contentType()).startsWith("application/problem+json");
        assertThat(get(patient, TestIssuer.integrator("acme-flag-" + RUN, "system/Flag.rs")).status())
                .isEqualTo(200);
        assertThat(put(patient, "[]", TestIssuer.integrator("acme-settings-" + RUN, "system/AlertSettings.u"))
                .status()).isEqualTo(200);
    }

    @Test
    void anAdminIsRefusedASubscriptionAndToldWhy() {
        Response refused = post("/api/v1/alert-subscriptions", subscription("admin-" + RUN,
                "https://hooks.example.com/vigil"), TestIssuer.admin());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("may read no patient's alerts");
        // Managing the settings alone is not reading alerts either.
        assertThat(post("/api/v1/alert-subscriptions", subscription("settings-only-" + RUN,
                "https://hooks.example.com/vigil"), TestIssuer.integrator("acme-s-" + RUN, "system/AlertSettings.c"))
                .status()).isEqualTo(403);
    }

    @Test
    void aSubscriptionDeliversOnlyItsOwnersPatientsAndWithholdsOnesWhoseLinkEnded() throws Exception {
        String ida = "ida-" + RUN;
        String mine = newPatient();
        String others = newPatient();
        FakeVitals.relate(ida, "care-team", mine);
        String token = TestIssuer.user(ida, List.of("admin", "clinician"), "openid");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Response created = post("/api/v1/alert-subscriptions", subscription("ida-" + RUN, receiver.url()), token);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().get("owner").asString()).isEqualTo(ida);
            String id = created.body().get("id").asString();
            try {
                publish(others, encode(heartRate(others, 150, Instant.now())));
                awaitOpenAlert(others, "heart-rate-high");
                publish(mine, encode(heartRate(mine, 150, Instant.now())));
                await().atMost(PATIENCE).until(() -> !receiver.received(b -> b.contains(mine)).isEmpty());
                await().atMost(PATIENCE).until(() -> deliveries(id).stream().anyMatch(d -> d.get("status")
                        .asString().equals("withheld")));

                FakeVitals.unrelate(ida, mine);
                Thread.sleep(6_000);
                publish(mine, encode(heartRate(mine, 35, Instant.now())));
                awaitOpenAlert(mine, "heart-rate-low");
                await().atMost(PATIENCE).until(() -> deliveries(id).stream().filter(d -> d.get("status")
                        .asString().equals("withheld")).count() >= 2);

                assertThat(receiver.received(b -> b.contains(others))).isEmpty();
                assertThat(receiver.received(b -> b.contains(mine))).hasSize(1)
                        .allMatch(r -> r.text().contains("heart-rate-high"));
                JsonNode withheld = deliveries(id).stream().filter(d -> d.get("status").asString().equals("withheld"))
                        .findFirst().orElseThrow();
                assertThat(withheld.get("lastError").asString()).contains("may not read");
                assertThat(withheld.get("attempts").asInt()).isZero();

                String channel = "POST webhook /api/v1/alert-subscriptions/" + id;
                await().atMost(PATIENCE).until(() -> audited(ida).stream().anyMatch(r -> channel.equals(r.request())
                        && r.outcome().equals(AuditRecorded.DENIED) && r.patientIds().equals(List.of(mine))));
                assertThat(audited(ida)).anyMatch(r -> channel.equals(r.request())
                        && r.outcome().equals(AuditRecorded.SUCCESS) && r.patientIds().equals(List.of(mine)));
                assertThat(audited(ida)).anyMatch(r -> channel.equals(r.request())
                        && r.outcome().equals(AuditRecorded.DENIED) && r.patientIds().equals(List.of(others)));
            } finally {
                delete("/api/v1/alert-subscriptions/" + id, token);
            }
        }
    }

    private static String subscription(String name, String url) {
        return "{\"name\": \"" + name + "\", \"url\": \"" + url + "\", \"secret\": \"" + SECRET + "\"}";
    }

    private List<JsonNode> deliveries(String subscription) {
        Response response = get("/api/v1/alert-subscriptions/" + subscription + "/deliveries");
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> deliveries = new ArrayList<>();
        response.body().forEach(deliveries::add);
        return deliveries;
    }

    private static List<AuditRecorded> audited(String agent) {
        List<AuditRecorded> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : recordsKeyed(Topics.AUDIT_RECORDED.name(), agent,
                Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            records.add(Topics.AUDIT_RECORDED.codec().decode(record.value()));
        }
        return records;
    }
}
