package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.WebhookReceiver;

/** Webhook secrets at rest: sealed in the database, and deliveries still signed with the secret the subscriber gave. */
class WebhookSecretIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretSealing sealing;

    @Test
    void theStoredSecretIsSealedAndDeliveriesAreSignedWithTheSecretGiven() throws Exception {
        String secret = "whsec-at-rest-" + UUID.randomUUID();
        String patient = newPatient();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String subscription = subscribe(receiver, secret);
            try {
                String stored = storedSecret(subscription);
                assertThat(stored).startsWith("v1:it:").doesNotContain(secret).doesNotContain("whsec");

                publish(patient, encode(quantity(patient, "blood-glucose", 300, "mg/dL", T0)));

                await().atMost(PATIENCE).until(() -> !receiver.received(b -> b.contains(patient)).isEmpty());
                assertSignedWith(secret, receiver.received(b -> b.contains(patient)).getFirst());
            } finally {
                delete("/api/v1/alert-subscriptions/" + subscription);
            }
        }
    }

    @Test
    void aSecretKeptInClearBeforeIsSealedAtStartUpAndStillSigns() throws Exception {
        String secret = "whsec-legacy-" + UUID.randomUUID();
        String patient = newPatient();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String subscription = subscribe(receiver, "placeholder-0123456789");
            try {
                // As migration V41 leaves a row made before secrets were sealed.
                jdbc.sql("update alert_subscription set secret = :secret, secret_sealed = false where id = :id")
                        .param("secret", secret).param("id", UUID.fromString(subscription)).update();

                assertThat(sealing.sealStored()).isGreaterThanOrEqualTo(1);

                assertThat(storedSecret(subscription)).startsWith("v1:it:").doesNotContain(secret);
                assertThat(sealing.sealStored()).as("nothing is left to seal").isZero();
                publish(patient, encode(quantity(patient, "blood-glucose", 300, "mg/dL", T0)));
                await().atMost(PATIENCE).until(() -> !receiver.received(b -> b.contains(patient)).isEmpty());
                assertSignedWith(secret, receiver.received(b -> b.contains(patient)).getFirst());
            } finally {
                delete("/api/v1/alert-subscriptions/" + subscription);
            }
        }
    }

    private String subscribe(WebhookReceiver receiver, String secret) {
        Response created = post("/api/v1/alert-subscriptions", "{\"name\": \"secret-" + UUID.randomUUID()
                + "\", \"url\": \"" + receiver.url() + "\", \"secret\": \"" + secret
                + "\", \"categories\": [\"clinical\"], \"minSeverity\": \"medium\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private String storedSecret(String subscription) {
        return jdbc.sql("select secret from alert_subscription where id = :id")
                .param("id", UUID.fromString(subscription)).query(String.class).single();
    }

    /** Verified as a receiver would: HMAC-SHA256 of "<timestamp>.<body>" with the shared secret. */
    private static void assertSignedWith(String secret, WebhookReceiver.Received delivered) throws Exception {
        String timestamp = delivered.header("X-Vigil-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        assertThat(delivered.header("X-Vigil-Signature"))
                .isEqualTo("v1=" + HexFormat.of().formatHex(mac.doFinal(delivered.body())));
    }
}
