package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Malformed input to every public endpoint (bad JSON, wrong types, huge strings, bad ids, dates and enum values,
 * negative numbers, a missing body) is a 4xx problem+json whose {@code detail} says what is wrong, never a 5xx. Sent by
 * a backend client that may do everything alert-service serves, so that no answer is an access refusal; the streams
 * as EventSource asks for them ({@code Accept: text/event-stream}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends IntegrationTest {

    private static final String PATIENT = newPatient();
    /** Longer than any field allows, and than PostgreSQL's btree index entries (about 2700 bytes) hold. */
    private static final String HUGE = IntStream.range(0, 100).mapToObj(i -> UUID.randomUUID().toString())
            .collect(Collectors.joining());
    private static final String NOT_A_UUID = "not-a-uuid";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String alert = "";
    private String subscription = "";

    @BeforeAll
    void anAlertAndASubscription() {
        publish(PATIENT, encode(heartRate(PATIENT, 150, Instant.now())));
        alert = "/api/v1/alerts/" + awaitOpenAlert(PATIENT, "heart-rate-high").get("id").asString();
        Response created = post("/api/v1/alert-subscriptions", "{\"name\": \"bad-input-" + UUID.randomUUID()
                + "\", \"url\": \"https://hooks.example.com/vigil\", \"secret\": \"0123456789abcdef0123\","
                + " \"categories\": [\"technical\"], \"minSeverity\": \"high\"}");
        assertThat(created.status()).isEqualTo(201);
        subscription = "/api/v1/alert-subscriptions/" + created.body().get("id").asString();
    }

    Stream<Arguments> badRequests() {
        String patient = "/api/v1/patients/" + PATIENT;
        String subscriptions = "/api/v1/alert-subscriptions";
        return Stream.of(
                // The alerts list.
                bad("GET", "/api/v1/alerts?limit=abc", null),
                bad("GET", "/api/v1/alerts?limit=-1", null),
                bad("GET", "/api/v1/alerts?limit=0", null),
                bad("GET", "/api/v1/alerts?limit=99999999999", null),
                bad("GET", "/api/v1/alerts?status=bogus", null),
                bad("GET", "/api/v1/alerts?category=bogus", null),
                bad("GET", "/api/v1/alerts?severity=high,,extreme", null),
                bad("GET", "/api/v1/alerts?patientId=" + HUGE, null),
                // One alert: ids.
                bad("GET", "/api/v1/alerts/" + NOT_A_UUID, null),
                bad("GET", "/api/v1/alerts/" + HUGE, null),
                bad("GET", "/api/v1/alerts/" + UUID.randomUUID() + "/history", null),
                bad("POST", "/api/v1/alerts/" + UUID.randomUUID() + "/acknowledge", "{}"),
                bad("POST", "/api/v1/alerts/" + NOT_A_UUID + "/resolve", "{}"),
                // Comments, acknowledgements, resolutions: bodies.
                bad("POST", "<alert>/comments", "{\"text\": "),
                bad("POST", "<alert>/comments", null),
                bad("POST", "<alert>/comments", "{}"),
                bad("POST", "<alert>/comments", "{\"text\": \"\"}"),
                bad("POST", "<alert>/comments", "{\"text\": {\"nested\": true}}"),
                bad("POST", "<alert>/comments", "[\"text\"]"),
                bad("POST", "<alert>/comments", "{\"text\": \"" + HUGE + "\"}"),
                bad("POST", "<alert>/comments", "{\"text\": \"seen\", \"by\": \"" + HUGE + "\"}"),
                bad("POST", "<alert>/acknowledge", "nope"),
                bad("POST", "<alert>/acknowledge", "{\"comment\": \"" + HUGE + "\"}"),
                bad("POST", "<alert>/acknowledge", "{\"comment\": [\"x\"]}"),
                bad("POST", "<alert>/resolve", "{\"by\": 42, \"comment\": {}}"),
                bad("POST", "<alert>/resolve", "\"settled\""),
                // The alert stream.
                bad("GET", "/api/v1/alerts/stream?category=bogus", null),
                // NEWS2.
                bad("GET", patient + "/news2/history?from=yesterday", null),
                bad("GET", patient + "/news2/history?to=2026-13-01T00:00:00Z", null),
                bad("GET", patient + "/news2/history?from=%2B1000000000-01-01T00:00:00Z", null),
                bad("GET", patient + "/news2/history?to=-290000-01-01T00:00:00Z", null),
                bad("GET", patient + "/news2/history?limit=abc", null),
                bad("GET", patient + "/news2/history?limit=-5", null),
                bad("GET", patient + "/news2/history?limit=5001", null),
                bad("GET", "/api/v1/patients/" + UUID.randomUUID() + "/news2", null),
                bad("PUT", patient + "/news2-settings", null),
                bad("PUT", patient + "/news2-settings", "{\"scale\": "),
                bad("PUT", patient + "/news2-settings", "{\"scale\": 3}"),
                bad("PUT", patient + "/news2-settings", "{\"scale\": -1}"),
                bad("PUT", patient + "/news2-settings", "{\"scale\": \"two\"}"),
                bad("PUT", patient + "/news2-settings", "{\"scale\": 99999999999}"),
                bad("PUT", patient + "/news2-settings", "[1]"),
                bad("PUT", "/api/v1/patients/" + HUGE + "/news2-settings", "{\"scale\": 2}"),
                // Thresholds.
                bad("PUT", patient + "/thresholds", null),
                bad("PUT", patient + "/thresholds", "[{\"rule\": "),
                bad("PUT", patient + "/thresholds", "{}"),
                bad("PUT", patient + "/thresholds", "[1]"),
                bad("PUT", patient + "/thresholds", "[{}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"no-such-rule\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": 7}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"" + HUGE + "\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\"}, {\"rule\": \"spo2-low\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"threshold\": \"abc\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"operator\": \"bogus\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"severity\": \"extreme\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"enabled\": \"yes\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"consecutive\": -1}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"consecutive\": 1.5}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"clearReadings\": 100000}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"clearMargin\": -1}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"minDuration\": \"ten minutes\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"minDuration\": \"-PT1M\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"minDuration\": \"P2D\"}]"),
                bad("PUT", patient + "/thresholds", "[{\"rule\": \"spo2-low\", \"threshold\": 1e400}]"),
                bad("PUT", "/api/v1/patients/" + HUGE + "/thresholds", "[{\"rule\": \"spo2-low\", \"threshold\": 88}]"),
                // The ward.
                bad("GET", "/api/v1/ward?openAlerts=maybe", null),
                bad("GET", "/api/v1/ward?q=" + HUGE, null),
                bad("GET", "/api/v1/ward?careTeam=" + HUGE, null),
                bad("GET", "/api/v1/ward?patientId=" + HUGE, null),
                // Subscriptions.
                bad("POST", subscriptions, null),
                bad("POST", subscriptions, "{\"name\": "),
                bad("POST", subscriptions, "{}"),
                bad("POST", subscriptions, "[]"),
                bad("POST", subscriptions, sub("has spaces", "https://hooks.example.com/x", "0123456789abcdef", "")),
                bad("POST", subscriptions, sub(HUGE, "https://hooks.example.com/x", "0123456789abcdef", "")),
                bad("POST", subscriptions, sub("n1", "not a url", "0123456789abcdef", "")),
                bad("POST", subscriptions, sub("n2", "ftp://hooks.example.com/x", "0123456789abcdef", "")),
                bad("POST", subscriptions, sub("n3", "http://[::1/x", "0123456789abcdef", "")),
                bad("POST", subscriptions, sub("n4", "https://", "0123456789abcdef", "")),
                bad("POST", subscriptions, sub("n5", "javascript:alert(1)", "0123456789abcdef", "")),
                bad("POST", subscriptions, sub("n6", "https://hooks.example.com/" + HUGE, "0123456789abcdef", "")),
                bad("POST", subscriptions, sub("n7", "https://hooks.example.com/x", "short", "")),
                bad("POST", subscriptions, sub("n8", "https://hooks.example.com/x", HUGE, "")),
                bad("POST", subscriptions, sub("n9", "https://hooks.example.com/x", "0123456789abcdef",
                        ", \"categories\": [\"bogus\"]")),
                bad("POST", subscriptions, sub("n10", "https://hooks.example.com/x", "0123456789abcdef",
                        ", \"categories\": \"clinical\"")),
                bad("POST", subscriptions, sub("n11", "https://hooks.example.com/x", "0123456789abcdef",
                        ", \"categories\": [null]")),
                bad("POST", subscriptions, sub("n12", "https://hooks.example.com/x", "0123456789abcdef",
                        ", \"minSeverity\": \"extreme\"")),
                bad("POST", subscriptions, "{\"name\": 5, \"url\": true, \"secret\": []}"),
                bad("GET", subscriptions + "/" + NOT_A_UUID, null),
                bad("GET", subscriptions + "/" + UUID.randomUUID(), null),
                bad("GET", subscriptions + "/" + HUGE + "/deliveries", null),
                bad("GET", "<subscription>/deliveries?status=bogus", null),
                bad("GET", "<subscription>/deliveries?limit=0", null),
                bad("GET", "<subscription>/deliveries?limit=abc", null),
                bad("DELETE", subscriptions + "/" + NOT_A_UUID, null),
                bad("DELETE", subscriptions + "/" + UUID.randomUUID(), null));
    }

    private static Arguments bad(String method, String path, @Nullable String body) {
        return Arguments.of(method, path, body);
    }

    private static String sub(String name, String url, String secret, String more) {
        return "{\"name\": \"" + name + "\", \"url\": \"" + url + "\", \"secret\": \"" + secret + "\"" + more + "}";
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badRequests")
    void isA4xxProblemSayingWhatIsWrong(String method, String path, @Nullable String body) throws Exception {
        String resolved = path.replace("<alert>", alert).replace("<subscription>", subscription);
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(resolved)), actingAs("bad-input-it"))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null || !method.equals("GET")) {
            request.header("Content-Type", "application/json");
        }
        if (resolved.contains("/stream")) {
            request.header("Accept", "text/event-stream");
        }
        HttpResponse<InputStream> response = HTTP.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(15, TimeUnit.SECONDS);
        String text;
        try (InputStream in = response.body()) {
            // A stream that was opened after all would never end: its first bytes are enough to say so.
            text = response.statusCode() == 200 ? "(answered 200)"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(response.statusCode()).as(text).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(text)
                .startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(text);
        assertThat(problem.path("detail").asString("")).as(text).isNotBlank();
    }
}
