package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.vigil.alert.IntegrationTest;

/**
 * Server-side request forgery (OWASP API7): with {@code vigil.alert.webhooks.allow-private-targets} false, as in
 * production, a subscription whose URL is not http(s) or whose host is or resolves to an internal address is refused
 * with a 400 that names the problem; a public address is taken. Its own context (the shared one allows private
 * targets for the webhook ITs' loopback receivers), closed after the class.
 */
@TestPropertySource(properties = "vigil.alert.webhooks.allow-private-targets=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WebhookTargetIT extends IntegrationTest {

    @Test
    void subscriptionsToInternalOrNonHttpTargetsAreRefused() {
        for (String url : List.of("ftp://hooks.example.com/vigil", "file:///etc/passwd", "gopher://example.com/")) {
            Response refused = subscribe(url);
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.body().get("detail").asString()).as(url).contains("http or https");
        }
        for (String url : List.of("http://127.0.0.1:8083/hook", "http://localhost/hook",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/hook", "http://172.16.3.4/hook",
                "http://192.168.1.10/hook", "http://100.64.0.1/hook", "http://0.0.0.0/hook", "http://224.0.0.1/hook",
                "http://[::1]/hook", "http://[fd12:3456::1]/hook", "http://[fe80::1]/hook",
                "http://[::ffff:127.0.0.1]/hook")) {
            Response refused = subscribe(url);
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.contentType()).as(url).startsWith("application/problem+json");
            assertThat(refused.body().get("detail").asString()).as(url)
                    .containsAnyOf("loopback, link-local, private or multicast", "cannot be resolved");
        }
        Response withPassword = subscribe("https://user:secret@hooks.example.com/vigil");
        assertThat(withPassword.status()).isEqualTo(400);
        assertThat(withPassword.body().get("detail").asString()).contains("user name or password");
    }

    @Test
    void aPublicAddressIsTaken() {
        Response created = subscribe("https://93.184.215.14/vigil");
        assertThat(created.status()).isEqualTo(201);
        assertThat(delete("/api/v1/alert-subscriptions/" + created.body().get("id").asString()).status())
                .isEqualTo(204);
    }

    private Response subscribe(String url) {
        return post("/api/v1/alert-subscriptions", "{\"name\": \"ssrf-" + UUID.randomUUID() + "\", \"url\": \"" + url
                + "\", \"secret\": \"0123456789abcdef0123\"}");
    }
}
