package org.vigil.vitals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on a random port against the real PostgreSQL and Kafka of {@link VigilInfrastructure}. Every *IT
 * extends it, so that they share one application context, one database and one consumer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static KafkaProducer<byte[], byte[]> producer;

    @LocalServerPort
    protected int port;

    /** Actuator's own port (issue 13: never the API's). */
    @LocalManagementPort
    protected int managementPort;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        VigilInfrastructure.register(registry);
        TestIssuer.register(registry);
        registry.add("vigil.kafka.partitions", () -> 2);
        // Small enough for a test to watch a rotated token's grace run out.
        registry.add("vigil.vitals.device-token-grace", () -> "PT4S");
        // The outbox's sweep runs only when a test calls it (ReadingOutboxIT): after-commit relaying is what the
        // other tests see, and a sweep in the background would hide whether it worked.
        registry.add("vigil.vitals.outbox-sweep-interval", () -> "PT1H");
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** A plain producer, as ingest-service would publish: key and value bytes, acks=all. */
    protected static synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    protected static void publish(String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(Topics.READING_RECORDED.name(), key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static void publish(ReadingRecorded reading) {
        publish(reading.patientId(), Topics.READING_RECORDED.codec().encode(reading));
    }

    protected record Response(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse("");
        }
    }

    /** The string elements of a JSON array. */
    protected static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (JsonNode element : array) {
            texts.add(element.asString());
        }
        return texts;
    }

    /**
     * The token a test sends when it does not say: the service token for {@code /internal}, an administrator for
     * devices and care teams, and a backend client allowed every kind of data for the rest.
     */
    protected static @Nullable String defaultToken(String path) {
        if (path.startsWith("/internal/")) {
            return TestIssuer.service();
        }
        if (path.startsWith("/api/v1/devices") || path.startsWith("/api/v1/care-teams")) {
            return TestIssuer.admin();
        }
        if (path.startsWith("/api/")) {
            return TestIssuer.integrator("test-integrator", "system/*.cruds");
        }
        return null;
    }

    protected Response get(String path) {
        return get(path, defaultToken(path));
    }

    /** With this bearer token, or none when null. */
    protected Response get(String path, @Nullable String token) {
        return send(authorised(HttpRequest.newBuilder(uri(path)), token).GET());
    }

    protected Response post(String path, String json) {
        return post(path, json, defaultToken(path));
    }

    protected Response post(String path, String json, @Nullable String token) {
        return send(authorised(HttpRequest.newBuilder(uri(path)), token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Response post(String path, Map<String, ?> body) {
        return post(path, JSON.writeValueAsString(body));
    }

    protected Response post(String path, Map<String, ?> body, @Nullable String token) {
        return post(path, JSON.writeValueAsString(body), token);
    }

    protected Response put(String path, Map<String, ?> body, @Nullable String token) {
        return send(authorised(HttpRequest.newBuilder(uri(path)), token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    protected Response put(String path, String json, @Nullable String token) {
        return send(authorised(HttpRequest.newBuilder(uri(path)), token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Response delete(String path, @Nullable String token) {
        return send(authorised(HttpRequest.newBuilder(uri(path)), token).DELETE());
    }

    /** Any method, with this token (none when null) and correlation id (for finding its audit record). */
    protected Response send(String method, String path, @Nullable Map<String, ?> body, @Nullable String token,
            String correlationId) {
        HttpRequest.Builder request = authorised(HttpRequest.newBuilder(uri(path)), token)
                .header("X-Correlation-Id", correlationId);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return send(request);
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder request, @Nullable String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** Creates a patient through the internal API, as fhir-service would, and returns its id. */
    protected String createPatient() {
        String mrn = UUID.randomUUID().toString();
        Response created = post("/internal/v1/patients", Map.of(
                "resource", Map.of("resourceType", "Patient", "name", java.util.List.of(Map.of("family", "Test"))),
                "identifiers", java.util.List.of("urn:vigil:test|" + mrn),
                "family", "Test", "given", "Pat", "birthDate", "1950-01-31"));
        if (created.status() != 201) {
            throw new IllegalStateException("could not create a patient: " + created.raw().body());
        }
        return created.json().get("id").asString();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + (path.startsWith("/actuator/") ? managementPort : port) + path);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
