package org.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.json.JsonMapper;

/**
 * With no broker to be reached, a device is told 503 and to retry, and the claims taken for its readings are released
 * so that the retry is not called a duplicate. The broker address is a closed port: a real Kafka client failing for
 * real, no mock. The audit trail is on Kafka too, so this is also where a refusal that cannot be recorded is shown to
 * stay a 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=127.0.0.1:1",
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.listener.auto-startup=false",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "management.health.defaults.enabled=false",
        "vigil.security.audit-timeout=1s",
        "logging.level.org.apache.kafka=ERROR"})
class KafkaUnavailableIT {

    private static final FakeVitalsService VITALS = new FakeVitalsService();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "device-token-no-kafka";

    static {
        VITALS.device(sha256(TOKEN), "dev-no-kafka", true,
                new FakeVitalsService.Assignment("pat-no-kafka", Instant.parse("2026-01-01T00:00:00Z"), null));
    }

    @DynamicPropertySource
    static void vitals(DynamicPropertyRegistry registry) {
        registry.add("vigil.ingest.vitals-url", VITALS::url);
        TestIssuer.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void aBrokerOutOfReachIsA503AndTheClaimsAreReleased() throws Exception {
        String body = """
                {"readings": [{"id": "nk-1", "type": "heart-rate", "value": 70, "unit": "/min", "time": "%s"}]}"""
                .formatted(Instant.now().minusSeconds(5));

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/readings"))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonMapper.builder().build().readTree(response.body()).at("/detail").asString())
                .startsWith("readings cannot be accepted right now (Kafka");
        assertThat(VITALS.released).containsExactly("nk-1");
    }

    @Test
    void anUnknownTokenIsStillA401WhenItsRefusalCannotBeAudited() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/readings"))
                .header("Authorization", "Bearer no-such-device-token")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"readings\": [{}]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonMapper.builder().build().readTree(response.body()).at("/detail").asString())
                .isEqualTo("the device token is unknown or has been revoked");
    }

    private static String sha256(String token) throws RuntimeException {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
