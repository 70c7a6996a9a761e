package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.WebhookReceiver;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.Topics;
import tools.jackson.databind.JsonNode;

/** Signed webhooks to a receiver in the test, retried after it fails. */
class WebhookIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    private static final String SECRET = "whsec-test-0123456789abcdef";

    @Test
    void raisedAlertIsPostedSignedAndRetriedAfterTheReceiverFirstFails() throws Exception {
        String patient = newPatient();
        try (WebhookReceiver receiver = new WebhookReceiver(1, body -> body.contains(patient))) {
            Response created = post("/api/v1/alert-subscriptions", "{\"name\": \"ward-" + System.nanoTime()
                    + "\", \"url\": \"" + receiver.url() + "\", \"secret\": \"" + SECRET
                    + "\", \"categories\": [\"clinical\"], \"minSeverity\": \"medium\"}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().has("secret")).isFalse();
            assertThat(created.body().get("minSeverity").asString()).isEqualTo("medium");
            String subscription = created.body().get("id").asString();
            try {
                publish(patient, encode(quantity(patient, "blood-glucose", 300, "mg/dL", T0)));

                await().atMost(PATIENCE).until(() -> receiver.received(b -> b.contains(patient)).size() >= 2);
                List<WebhookReceiver.Received> attempts = receiver.received(b -> b.contains(patient));
                assertThat(attempts).extracting(WebhookReceiver.Received::answered).startsWith(500, 200);
                WebhookReceiver.Received delivered = attempts.get(1);

                // Verified as a receiver would: HMAC-SHA256 of "<timestamp>.<body>" with the shared secret.
                String timestamp = delivered.header("X-Vigil-Timestamp");
                assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(300);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
                String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(delivered.body()));
                assertThat(delivered.header("X-Vigil-Signature")).isEqualTo(expected);
                assertThat(delivered.header("Content-Type")).startsWith("application/json");

                AlertChanged event = Topics.ALERT_CHANGED.codec().decode(delivered.body());
                assertThat(event.change()).isEqualTo("raised");
                assertThat(event.patientId()).isEqualTo(patient);
                assertThat(event.rule()).isEqualTo("glucose-high");
                assertThat(delivered.header("X-Vigil-Event-Id")).isEqualTo(event.eventId().toString());
                assertThat(attempts.get(0).body()).isEqualTo(delivered.body());

                await().atMost(PATIENCE).until(() -> deliveries(subscription).stream()
                        .anyMatch(d -> d.get("eventId").asString().equals(event.eventId().toString())
                                && d.get("status").asString().equals("delivered")));
                JsonNode delivery = deliveries(subscription).stream()
                        .filter(d -> d.get("eventId").asString().equals(event.eventId().toString())).findFirst()
                        .orElseThrow();
                assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
                assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
                assertThat(delivery.get("change").asString()).isEqualTo("raised");
                Duration retriedAfter = Duration.between(Instant.parse(delivery.get("createdAt").asString()),
                        Instant.parse(delivery.get("deliveredAt").asString()));
                assertThat(retriedAfter).isGreaterThanOrEqualTo(Duration.ofMillis(900));

                // Acknowledging is a change too, delivered to the same subscriber.
                String alertId = event.alertId();
                post("/api/v1/alerts/" + alertId + "/acknowledge", "{\"by\": \"nurse-9\"}",
                        actingAs("nurse-9"));
                await().atMost(PATIENCE).until(() -> receiver.received(b -> b.contains(patient)
                        && b.contains("\"change\":\"acknowledged\"")).size() == 1);
            } finally {
                assertThat(delete("/api/v1/alert-subscriptions/" + subscription).status()).isEqualTo(204);
            }
            assertThat(get("/api/v1/alert-subscriptions/" + subscription).status()).isEqualTo(404);
        }
    }

    @Test
    void subscriberBelowItsMinimumSeverityOrOutsideItsCategoriesGetsNothing() throws Exception {
        String patient = newPatient();
        try (WebhookReceiver highOnly = new WebhookReceiver(); WebhookReceiver technical = new WebhookReceiver();
                WebhookReceiver everything = new WebhookReceiver()) {
            String a = subscribe("high-" + System.nanoTime(), highOnly.url(), "[\"clinical\"]", "high");
            String b = subscribe("tech-" + System.nanoTime(), technical.url(), "[\"technical\"]", "low");
            String c = subscribe("all-" + System.nanoTime(), everything.url(), "[]", "low");
            try {
                publish(patient, encode(quantity(patient, "blood-glucose", 300, "mg/dL", T0)));
                await().atMost(PATIENCE).until(() -> !everything.received(x -> x.contains(patient)).isEmpty());
                Thread.sleep(1_000);
                assertThat(highOnly.received(x -> x.contains(patient))).isEmpty();
                assertThat(technical.received(x -> x.contains(patient))).isEmpty();
            } finally {
                delete("/api/v1/alert-subscriptions/" + a);
                delete("/api/v1/alert-subscriptions/" + b);
                delete("/api/v1/alert-subscriptions/" + c);
            }
        }
    }

    @Test
    void subscriptionsAreValidatedListedWithoutSecretsAndNamesAreUnique() {
        String name = "dup-" + System.nanoTime();
        String id = subscribe(name, "https://example.org/hooks/vigil", "[\"clinical\", \"technical\"]", "low");
        try {
            Response duplicate = post("/api/v1/alert-subscriptions", "{\"name\": \"" + name
                    + "\", \"url\": \"https://example.org/x\", \"secret\": \"0123456789abcdef\"}");
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.contentType()).startsWith("application/problem+json");

            Response listed = get("/api/v1/alert-subscriptions");
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.body().toString()).contains(name).doesNotContain("secret");
            Response one = get("/api/v1/alert-subscriptions/" + id);
            assertThat(one.body().get("categories")).hasSize(2);
            assertThat(one.body().has("secret")).isFalse();

            for (String bad : List.of(
                    "{\"url\": \"https://example.org/x\", \"secret\": \"0123456789abcdef\"}",
                    "{\"name\": \"n1\", \"url\": \"ftp://example.org/x\", \"secret\": \"0123456789abcdef\"}",
                    "{\"name\": \"n1\", \"url\": \"not a url\", \"secret\": \"0123456789abcdef\"}",
                    "{\"name\": \"n1\", \"url\": \"https://example.org/x\", \"secret\": \"short\"}",
                    "{\"name\": \"n1\", \"url\": \"https://example.org/x\", \"secret\": \"0123456789abcdef\","
                            + " \"categories\": [\"billing\"]}",
                    "{\"name\": \"n1\", \"url\": \"https://example.org/x\", \"secret\": \"0123456789abcdef\","
                            + " \"minSeverity\": \"urgent\"}")) {
                Response response = post("/api/v1/alert-subscriptions", bad);
                assertThat(response.status()).as(bad).isEqualTo(400);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
            assertThat(get("/api/v1/alert-subscriptions/" + id + "/deliveries?status=lost").status()).isEqualTo(400);
            assertThat(get("/api/v1/alert-subscriptions/00000000-0000-0000-0000-000000000000/deliveries").status())
                    .isEqualTo(404);
        } finally {
            delete("/api/v1/alert-subscriptions/" + id);
        }
        assertThat(delete("/api/v1/alert-subscriptions/" + id).status()).isEqualTo(404);
    }

    private String subscribe(String name, String url, String categories, String minSeverity) {
        Response created = post("/api/v1/alert-subscriptions", "{\"name\": \"" + name + "\", \"url\": \"" + url
                + "\", \"secret\": \"" + SECRET + "\", \"categories\": " + categories + ", \"minSeverity\": \""
                + minSeverity + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private List<JsonNode> deliveries(String subscription) {
        Response response = get("/api/v1/alert-subscriptions/" + subscription + "/deliveries");
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> all = new java.util.ArrayList<>();
        response.body().forEach(all::add);
        return all;
    }
}
