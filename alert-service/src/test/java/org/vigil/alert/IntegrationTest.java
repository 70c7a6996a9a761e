package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on a random port against the real PostgreSQL and Kafka of {@link VigilInfrastructure}; one
 * application context shared by every IT that extends this. Tests use a fresh patient id each, so that they need not
 * clean up after each other.
 *
 * <p>Access tokens come from {@link TestIssuer}. Requests carry, unless a test passes its own token, a backend client's
 * token with {@code system/Flag.cruds system/AlertSettings.cruds system/Observation.rs} (every patient's alerts,
 * settings and NEWS2), or the
 * services' token for {@code /internal/**}. Whom people look after is answered by {@link FakeVitals} at
 * {@code VIGIL_VITALS_URL}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The SMART scopes of the tests' default caller: everything alert-service serves, for every patient. */
    protected static final String ALL_SCOPES = "system/Flag.cruds system/AlertSettings.cruds system/Observation.rs";
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
        registry.add("VIGIL_VITALS_URL", FakeVitals::url);
        registry.add("vigil.kafka.partitions", () -> "3");
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** Publishes these bytes on vigil.reading-recorded.v1 keyed by patient, as ingest-service does, and waits for it. */
    protected static void publish(String patientId, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(Topics.READING_RECORDED.name(), bytes(patientId), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    protected static byte[] encode(ReadingRecorded reading) {
        return Topics.READING_RECORDED.codec().encode(reading);
    }

    /** The golden heart-rate fixture with another patient, value and time, under a new event id. */
    protected static ReadingRecorded heartRate(String patientId, double value, Instant time) {
        return quantity(patientId, "heart-rate", value, "/min", time);
    }

    protected static ReadingRecorded quantity(String patientId, String type, double value, String unit, Instant time) {
        ReadingRecorded golden = ContractFixtures.reading("heart-rate");
        return new ReadingRecorded(UUID.randomUUID(), golden.deviceId(), "r-" + UUID.randomUUID(), patientId, type,
                time, time.plusSeconds(1), value, unit, null, null, null, null, null, golden.correlationId(),
                golden.source());
    }

    protected static String newPatient() {
        return "pat-it-" + UUID.randomUUID();
    }

    /** A backend client named {@code subject} that may do everything alert-service serves, for every patient. */
    protected static String actingAs(String subject) {
        return TestIssuer.integrator(subject, ALL_SCOPES);
    }

    /** The token a request to this path carries unless the test says otherwise. */
    protected static String defaultToken(String path) {
        return path.startsWith("/internal/") ? TestIssuer.service() : actingAs("alert-it");
    }

    protected Response get(String pathAndQuery) {
        return get(pathAndQuery, defaultToken(pathAndQuery));
    }

    /** @param token the access token to send, or null for none */
    protected Response get(String pathAndQuery, @Nullable String token) {
        return send(authorized(HttpRequest.newBuilder(uri(pathAndQuery)), token).GET());
    }

    protected Response post(String path, String json) {
        return post(path, json, defaultToken(path));
    }

    protected Response post(String path, String json, @Nullable String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Response put(String path, String json) {
        return put(path, json, defaultToken(path));
    }

    protected Response put(String path, String json, @Nullable String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Response delete(String path) {
        return delete(path, defaultToken(path));
    }

    protected Response delete(String path, @Nullable String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).DELETE());
    }

    protected static HttpRequest.Builder authorized(HttpRequest.Builder request, @Nullable String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    protected record Response(int status, String contentType, JsonNode body) {
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + (pathAndQuery.startsWith("/actuator/") ? managementPort : port)
                + pathAndQuery);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body));
        } catch (Exception e) {
            throw new IllegalStateException("request failed", e);
        }
    }

    private static synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    protected JsonNode awaitOpenAlert(String patient, String rule) {
        await().atMost(PATIENCE).until(() -> alertsOf(patient, "open").stream()
                .anyMatch(a -> a.get("rule").asString().equals(rule)));
        return alertsOf(patient, "open").stream().filter(a -> a.get("rule").asString().equals(rule)).findFirst()
                .orElseThrow();
    }

    protected List<JsonNode> alertsOf(String patient, String status) {
        Response response = get("/api/v1/alerts?patientId=" + patient + (status == null ? "" : "&status=" + status));
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> alerts = new ArrayList<>();
        response.body().forEach(alerts::add);
        return alerts;
    }

    protected static List<ConsumerRecord<byte[], byte[]>> deadLettersKeyed(String key, int expected) {
        return deadLettersKeyed(key, expected, PATIENCE);
    }

    /** Dead letters with this key, read from the beginning until {@code expected} are found or {@code patience} ends. */
    protected static List<ConsumerRecord<byte[], byte[]>> deadLettersKeyed(String key, int expected,
            Duration patience) {
        return recordsKeyed(Topics.READING_RECORDED.deadLetterName(), key, expected, patience);
    }

    /** Records of {@code topic} with this key, read from the beginning until {@code expected} are found or time ends. */
    protected static List<ConsumerRecord<byte[], byte[]>> recordsKeyed(String topic, String key, int expected,
            Duration patience) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + patience.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
