package org.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.DeviceChanged;
import org.vigil.common.events.Headers;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.ingest.device.DeviceDirectory;
import org.vigil.service.Correlation;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole request path on the real Kafka broker, with vitals-service's internal API played by
 * {@link FakeVitalsService}: what the device is answered, and what lands on {@code vigil.reading-recorded.v1}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
                "logging.level.org.apache.kafka.clients.NetworkClient=ERROR"})
class ReadingIngestIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FakeVitalsService VITALS = new FakeVitalsService();
    private static final String TOKEN = "device-token-7d1c4e2a";
    private static final String DEVICE = "dev-it-1";
    private static final String PATIENT = "pat-it-1";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static KafkaConsumer<String, byte[]> consumer;
    private static final Map<String, ConsumerRecord<String, byte[]>> consumedByReadingId = new HashMap<>();

    static {
        VITALS.device(hash(TOKEN), DEVICE, true,
                new FakeVitalsService.Assignment(PATIENT, Instant.parse("2026-01-01T00:00:00Z"), null));
    }

    /**
     * Only Kafka from VigilInfrastructure: this service has no database, and register() would start PostgreSQL too.
     */
    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", VigilInfrastructure::kafkaBootstrapServers);
        registry.add("vigil.ingest.vitals-url", VITALS::url);
        TestIssuer.register(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DeviceDirectory directory;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    KafkaTemplate<String, byte[]> template;

    @AfterAll
    static void closeConsumer() {
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    void anAcceptedHeartRateIsOnTheTopicKeyedByPatientInTheContractShape() throws Exception {
        String id = "hr-" + UUID.randomUUID();
        Instant time = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        String correlationId = "it-" + UUID.randomUUID();

        HttpResponse<String> response = post(TOKEN, """
                {"readings": [{"id": "%s", "type": "heart-rate", "value": 72, "unit": "/min", "time": "%s"}]}"""
                .formatted(id, time), Map.of(Correlation.HEADER, correlationId));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"accepted": 1, "duplicates": 0, "rejected": []}"""));

        ConsumerRecord<String, byte[]> record = consumed(id);
        assertThat(record.key()).isEqualTo(PATIENT);
        assertThat(new String(record.headers().lastHeader(Headers.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo(correlationId);

        ReadingRecorded event = Topics.READING_RECORDED.codec().decode(record.value());
        assertThat(event.correlationId()).isEqualTo(correlationId);
        assertThat(event.time()).isEqualTo(time);
        assertThat(event.receivedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());

        ObjectNode published = (ObjectNode) JSON.readTree(record.value());
        ObjectNode fixture = (ObjectNode) JSON.readTree(
                ContractFixtures.bytes("vigil.reading-recorded.v1/heart-rate.json"));
        for (String varies : List.of("eventId", "receivedAt", "correlationId", "deviceId", "readingId", "patientId",
                "time")) {
            assertThat(published.has(varies)).as(varies).isTrue();
            published.remove(varies);
            fixture.remove(varies);
        }
        assertThat(published).isEqualTo(fixture);
        UUID.fromString(event.eventId().toString());
        assertThat(event.deviceId()).isEqualTo(DEVICE);
        assertThat(event.readingId()).isEqualTo(id);
    }

    @Test
    void rrIntervalsAndAFallArePublishedInTheContractShapeOfTheirFixtures() throws Exception {
        String rr = "rr-" + UUID.randomUUID();
        String fall = "fall-" + UUID.randomUUID();
        Instant time = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> response = post(TOKEN, """
                {"readings": [
                  {"id": "%s", "type": "rr-intervals", "values": [812, 790, 805, 798, 820, 801], "unit": "ms",
                   "time": "%s"},
                  {"id": "%s", "type": "fall", "time": "%s", "location": {"lat": 51.5072, "lon": -0.1276}}]}"""
                .formatted(rr, time, fall, time), Map.of());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isEqualTo(2);
        assertSameShape(consumed(rr), "rr-intervals");
        assertSameShape(consumed(fall), "fall");
    }

    /**
     * 2,000 intervals (the most one reading may carry) are about 12 kB on the wire and as an event; 50 of them in one
     * request still fit the 1 MiB body limit, and every one is published whole.
     */
    @Test
    void theLargestSeriesFitTheBodyLimitAndArePublishedWhole() throws Exception {
        Instant time = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        String values = String.join(",", java.util.Collections.nCopies(2000, "1012"));
        List<String> ids = new java.util.ArrayList<>();
        StringBuilder body = new StringBuilder("{\"readings\": [");
        for (int i = 0; i < 50; i++) {
            String id = "rr-big-" + UUID.randomUUID();
            ids.add(id);
            body.append(i == 0 ? "" : ",").append("""
                    {"id": "%s", "type": "rr-intervals", "values": [%s], "unit": "ms", "time": "%s"}"""
                    .formatted(id, values, time));
        }
        body.append("]}");
        assertThat(body.length()).isBetween(250_000, 1024 * 1024);

        HttpResponse<String> response = post(TOKEN, body.toString(), Map.of());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isEqualTo(50);
        for (String id : ids) {
            ConsumerRecord<String, byte[]> record = consumed(id);
            assertThat(record.value().length).isLessThan(20_000);
            assertThat(Topics.READING_RECORDED.codec().decode(record.value()).values()).hasSize(2000);
        }
    }

    private static void assertSameShape(ConsumerRecord<String, byte[]> record, String fixtureName) {
        ObjectNode published = (ObjectNode) JSON.readTree(record.value());
        ObjectNode fixture = (ObjectNode) JSON.readTree(
                ContractFixtures.bytes("vigil.reading-recorded.v1/" + fixtureName + ".json"));
        for (String varies : List.of("eventId", "receivedAt", "correlationId", "deviceId", "readingId", "patientId",
                "time")) {
            published.remove(varies);
            fixture.remove(varies);
        }
        assertThat(published).isEqualTo(fixture);
    }

    @Test
    void theSameReadingPostedTwiceIsADuplicateTheSecondTimeAndWithinOneRequest() throws Exception {
        String id = "hr-" + UUID.randomUUID();
        String reading = heartRate(id, 80);

        HttpResponse<String> first = post(TOKEN, "{\"readings\": [" + reading + ", " + reading + "]}");
        HttpResponse<String> second = post(TOKEN, "{\"readings\": [" + reading + "]}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(first.body()).get("accepted").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(first.body()).get("duplicates").asInt()).isEqualTo(1);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree("""
                {"accepted": 0, "duplicates": 1, "rejected": []}"""));
    }

    @Test
    void aBadReadingIsRejectedAloneAndTheGoodOnesBesideItArePublished() throws Exception {
        String good1 = "hr-" + UUID.randomUUID();
        String bad = "hr-" + UUID.randomUUID();
        String good2 = "bp-" + UUID.randomUUID();
        String time = Instant.now().minusSeconds(30).toString();
        int claimCallsBefore = VITALS.claimCalls.get();

        HttpResponse<String> response = post(TOKEN, """
                {"readings": [
                  %s,
                  {"id": "%s", "type": "heart-rate", "value": 720, "unit": "/min", "time": "%s"},
                  {"type": "pulse", "value": 1, "time": "%s"},
                  {"id": "%s", "type": "blood-pressure", "systolic": 16, "diastolic": 10.7, "unit": "kPa", "time": "%s"}
                ]}""".formatted(heartRate(good1, 75), bad, time, time, good2, time));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("duplicates").asInt()).isZero();
        assertThat(body.get("rejected")).hasSize(2);
        assertThat(body.at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(body.at("/rejected/0/id").asString()).isEqualTo(bad);
        assertThat(body.at("/rejected/0/reason").asString()).isEqualTo("implausible");
        assertThat(body.at("/rejected/0/error").asString()).contains("not physiologically possible");
        assertThat(body.at("/rejected/1/index").asInt()).isEqualTo(2);
        assertThat(body.at("/rejected/1/reason").asString()).isEqualTo("bad-id");
        assertThat(VITALS.claimCalls.get() - claimCallsBefore).as("claim calls for one request").isEqualTo(1);

        assertThat(Topics.READING_RECORDED.codec().decode(consumed(good1).value()).value()).isEqualTo(75.0);
        ReadingRecorded bp = Topics.READING_RECORDED.codec().decode(consumed(good2).value());
        assertThat(bp.systolic()).isEqualTo(120.0);
        assertThat(bp.diastolic()).isEqualTo(80.0);
        assertThat(consumedByReadingId).doesNotContainKey(bad);
    }

    @Test
    void aWrongOrMissingTokenIsA401WithABearerChallenge() throws Exception {
        HttpResponse<String> wrong = post("not-a-known-token", "{\"readings\": [" + heartRate("x", 70) + "]}");
        HttpResponse<String> missing = post(null, "{\"readings\": [" + heartRate("x", 70) + "]}");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
        assertProblem(wrong, "the device token is unknown or has been revoked");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        assertProblem(missing, "a device token is required");
    }

    @Test
    void aBodyThatIsNotJsonOrHasNoReadingsIsA400() throws Exception {
        assertProblem(post(TOKEN, "{\"readings\": [ {\"id\": "), 400, "the body is not valid JSON");
        assertProblem(post(TOKEN, "{\"readings\": []}"), 400, "the \"readings\" array is empty");
        assertProblem(post(TOKEN, "{\"values\": []}"), 400, "the body has no \"readings\" array");
        assertProblem(post(TOKEN, "[]"), 400, "the body must be a JSON object");
        assertProblem(post(TOKEN, ""), 400, "the body is empty");
    }

    @Test
    void aBodyOverTheLimitIsA413WhetherAnnouncedOrChunked() throws Exception {
        byte[] huge = ("{\"readings\": [" + "0,".repeat(600_000) + "0]}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> announced = HTTP.send(request(TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = HTTP.send(request(TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertProblem(announced, 413, "the body is larger than 1048576 bytes");
        assertProblem(chunked, 413, "the body is larger than 1048576 bytes");
    }

    @Test
    void moreThanAThousandReadingsIsA413() throws Exception {
        StringBuilder body = new StringBuilder("{\"readings\": [");
        for (int i = 0; i <= 1000; i++) {
            body.append(i == 0 ? "" : ",").append(heartRate("many-" + i, 70));
        }
        body.append("]}");

        assertProblem(post(TOKEN, body.toString()), 413, "at most 1000 readings per request");
    }

    @Test
    void vitalsServiceFailingToClaimIsA503WithRetryAfter() throws Exception {
        String token = "failing-device-token";
        VITALS.device(hash(token), "dev-failing", true,
                new FakeVitalsService.Assignment("pat-f", Instant.parse("2026-01-01T00:00:00Z"), null));
        VITALS.failClaimsOf("dev-failing");

        HttpResponse<String> response = post(token, "{\"readings\": [" + heartRate("f-1", 70) + "]}");

        assertProblem(response, 503, "readings cannot be accepted right now");
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
    }

    @Test
    void aReadingFromBeforeTheCachedAssignmentsIsAttributedAfterOneRefetch() throws Exception {
        String token = "device-token-moving";
        String hash = hash(token);
        VITALS.device(hash, "dev-late", true);
        String early = "hr-" + UUID.randomUUID();
        String late = "hr-" + UUID.randomUUID();

        HttpResponse<String> unassigned = post(token, "{\"readings\": [" + heartRate(early, 70) + "]}");
        VITALS.device(hash, "dev-late", true,
                new FakeVitalsService.Assignment("pat-late", Instant.now().minusSeconds(3600), null));
        Thread.sleep(1100);
        HttpResponse<String> assigned = post(token, "{\"readings\": [" + heartRate(late, 70) + "]}");

        assertThat(JSON.readTree(unassigned.body()).at("/rejected/0/reason").asString()).isEqualTo("unassigned");
        assertThat(JSON.readTree(assigned.body()).get("accepted").asInt()).isEqualTo(1);
        assertThat(consumed(late).key()).isEqualTo("pat-late");
    }

    @Test
    void aDeviceChangedEventDropsTheCachedDeviceSoTheNewAssignmentCountsAtOnce() throws Exception {
        String token = "device-token-reassigned";
        String hash = hash(token);
        Instant long_ago = Instant.parse("2026-01-01T00:00:00Z");
        VITALS.device(hash, "dev-moved", true, new FakeVitalsService.Assignment("pat-old", long_ago, null));
        assertThat(directory.authenticate("Bearer " + token).device().patientAt(Instant.now())).isEqualTo("pat-old");
        await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.getListenerContainer("device-changed")
                .getAssignedPartitions().isEmpty());

        Instant moved = Instant.now().minusSeconds(10);
        VITALS.device(hash, "dev-moved", true, new FakeVitalsService.Assignment("pat-old", long_ago, moved),
                new FakeVitalsService.Assignment("pat-new", moved, null));
        template.send(new ProducerRecord<>(Topics.DEVICE_CHANGED.name(), "dev-moved", Topics.DEVICE_CHANGED.codec()
                .encode(new DeviceChanged("dev-moved", DeviceChanged.ASSIGNED, Instant.now())))).get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                directory.authenticate("Bearer " + token).device().patientAt(Instant.now())).isEqualTo("pat-new"));
        String id = "hr-" + UUID.randomUUID();
        assertThat(post(token, "{\"readings\": [" + heartRate(id, 70) + "]}").statusCode()).isEqualTo(202);
        assertThat(consumed(id).key()).isEqualTo("pat-new");
    }

    @Test
    void readinessIncludesKafka() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/health/readiness")).timeout(Duration.ofSeconds(30))
                .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/status").asString()).isEqualTo("UP");
    }

    @Test
    void readingsAreCountedAndPublishingIsTimedForPrometheus() throws Exception {
        post(TOKEN, "{\"readings\": [" + heartRate("m-" + UUID.randomUUID(), 70) + ", {\"id\": \"m\"}]}");

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).contains("vigil_readings_accepted_total", "vigil_readings_duplicates_total",
                "vigil_readings_rejected_total{reason=\"unknown-type\"}", "vigil_kafka_publish_seconds_count");
    }

    private static String heartRate(String id, int value) {
        return """
                {"id": "%s", "type": "heart-rate", "value": %d, "unit": "/min", "time": "%s"}"""
                .formatted(id, value, Instant.now().minusSeconds(5));
    }

    private HttpResponse<String> post(String token, String body) throws Exception {
        return post(token, body, Map.of());
    }

    private HttpResponse<String> post(String token, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = request(token).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/readings"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertProblem(response, detail);
    }

    private static void assertProblem(HttpResponse<String> response, String detail) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).at("/detail").asString()).startsWith(detail);
    }

    /** The record published for a reading id, consumed from the start of the topic. */
    private static ConsumerRecord<String, byte[]> consumed(String readingId) {
        if (consumer == null) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.READING_RECORDED.name()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!consumedByReadingId.containsKey(readingId) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                consumedByReadingId.put(Topics.READING_RECORDED.codec().decode(record.value()).readingId(), record);
            }
        }
        assertThat(consumedByReadingId).as("published reading " + readingId).containsKey(readingId);
        return consumedByReadingId.get(readingId);
    }

    private static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
