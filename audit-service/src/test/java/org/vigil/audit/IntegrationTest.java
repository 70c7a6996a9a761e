package org.vigil.audit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on a random port against the real PostgreSQL and Kafka of {@link VigilInfrastructure}, with three
 * partitions and three consumers, so that appends really do race for the chain head. Every *IT extends it, so that
 * they share one application context, one database and one chain.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final Duration PATIENCE = Duration.ofSeconds(60);
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    /** The chain key of the tests' audit-service. */
    protected static final String CHAIN_KEY = "integration-test-audit-chain-key-0123456789";
    /** The tests' checkpoint directory, one per test JVM, outside the database like the real one. */
    protected static final Path CHECKPOINTS = temporaryDirectory();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static @Nullable KafkaProducer<byte[], byte[]> producer;

    @LocalServerPort
    protected int port;

    /** Actuator's own port (issue 13: never the API's). */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        VigilInfrastructure.register(registry);
        TestIssuer.register(registry);
        registry.add("vigil.kafka.partitions", () -> 3);
        registry.add("spring.kafka.listener.concurrency", () -> 3);
        // Small batches of verification, so that the tests cross batch boundaries.
        registry.add("vigil.audit.verify-batch-size", () -> 7);
        registry.add("vigil.audit.chain-key", () -> CHAIN_KEY);
        registry.add("vigil.audit.checkpoint-dir", () -> CHECKPOINTS.toString());
        // Often, so that CheckpointIT sees the interval at work; TamperIT checkpoints when it needs one.
        registry.add("vigil.audit.checkpoint-interval", () -> "PT2S");
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("audit-checkpoints-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** A plain producer, as the deciding services publish: key and value bytes, acks=all. */
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
            producer().send(new ProducerRecord<>(Topics.AUDIT_RECORDED.name(), key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static void publish(AuditRecorded record) {
        publish(record.agent(), Topics.AUDIT_RECORDED.codec().encode(record));
    }

    /** Publishes the records and waits until every one of them is in the chain. */
    protected void publishAndAwait(AuditRecorded... records) {
        for (AuditRecorded record : records) {
            publish(record);
        }
        await().atMost(PATIENCE).until(() -> Arrays.stream(records).allMatch(r -> copies(r.eventId()) == 1));
    }

    protected int copies(UUID eventId) {
        Integer copies = jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE event_id = ?", Integer.class,
                eventId);
        return copies == null ? 0 : copies;
    }

    protected @Nullable Long seqOf(UUID eventId) {
        List<Long> seqs = jdbc.queryForList("SELECT seq FROM audit_event WHERE event_id = ?", Long.class, eventId);
        return seqs.isEmpty() ? null : seqs.getFirst();
    }

    /** A granted read by {@code agent} of {@code patientIds}'s data, recorded now. */
    protected static AuditRecorded access(String agent, String action, String outcome, boolean breakGlass,
            String... patientIds) {
        return new AuditRecorded(UUID.randomUUID(), Instant.now(), "vitals-service", action, "Observation", outcome,
                agent, "user", "vigil-dashboard", List.of("clinician"), List.of(patientIds),
                "GET /api/v1/patients/" + (patientIds.length == 0 ? "" : patientIds[0]) + "/vitals/latest",
                "10.0.0.7", UUID.randomUUID().toString(), breakGlass ? "night shift, deteriorating" : null,
                breakGlass);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads a dead-letter topic from the start until it has found a letter for each of {@code values}. */
    protected static List<ConsumerRecord<byte[], byte[]>> deadLetters(byte[]... values) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_RECORDED.deadLetterName()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (found.size() < values.length && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    for (byte[] value : values) {
                        if (Arrays.equals(record.value(), value)) {
                            found.add(record);
                        }
                    }
                }
            }
        }
        return found;
    }

    protected static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    protected record Response(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse("");
        }
    }

    /** The token every request of {@link #get} and {@link #post} carries: an admin's, who may read the log. */
    protected @Nullable String defaultToken() {
        return TestIssuer.admin();
    }

    protected Response get(String path) {
        return get(path, defaultToken());
    }

    protected Response get(String path, @Nullable String token) {
        return send(authorised(HttpRequest.newBuilder(uri(path)).GET(), token));
    }

    protected Response post(String path, String json) {
        return post(path, json, defaultToken());
    }

    protected Response post(String path, String json, @Nullable String token) {
        return send(authorised(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token));
    }

    /** Any method, with this token (none when null) and correlation id (for finding its audit record). */
    protected Response send(String method, String path, @Nullable String json, @Nullable String token,
            String correlationId) {
        HttpRequest.Builder request = authorised(HttpRequest.newBuilder(uri(path)), token)
                .header("X-Correlation-Id", correlationId);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(request);
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder request, @Nullable String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
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

    /** The string elements of a JSON array. */
    protected static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        for (JsonNode element : array) {
            texts.add(element.asString());
        }
        return texts;
    }
}
