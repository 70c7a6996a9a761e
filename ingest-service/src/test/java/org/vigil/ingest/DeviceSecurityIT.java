package org.vigil.ingest;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.DeviceChanged;
import org.vigil.common.events.Topics;
import org.vigil.ingest.device.DeviceDirectory;
import org.vigil.service.Correlation;
import org.vigil.testsupport.EndpointCoverage;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may post readings, on the real Kafka broker (readings and audit records) with vitals-service's internal API
 * played by {@link FakeVitalsService} (which insists on ingest's own service token): revocation that takes effect on
 * the next request despite the cache, a device posting for another, refusals in the audit trail, and the per-device
 * rate limit (small here, 1 request a second and 3 at once, so that the noisy device needs few requests), and what a
 * flood of made-up tokens costs (refusals coalesced in the audit trail over 3 s here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "vigil.ingest.rate-limit.requests-per-second=1", "vigil.ingest.rate-limit.burst=3",
        "vigil.ingest.refusals.audit-interval=3s",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN"})
class DeviceSecurityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FakeVitalsService VITALS = new FakeVitalsService();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    private static KafkaConsumer<String, byte[]> auditConsumer;
    private static final Map<String, AuditRecorded> auditedByCorrelationId = new HashMap<>();
    private static final List<AuditRecorded> allAudited = new ArrayList<>();

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

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @AfterAll
    static void closeConsumer() {
        if (auditConsumer != null) {
            auditConsumer.close();
        }
    }

    @Test
    void everyCallToVitalsCarriesTheServicesOwnTokenWithScopeVigilInternal() throws Exception {
        String token = device("dev-sec-token");

        assertThat(post(token, body(reading("st-" + UUID.randomUUID()))).statusCode()).isEqualTo(202);

        assertThat(VITALS.authorizedCalls.get()).isPositive();
        assertThat(VITALS.unauthorizedCalls.get()).isZero();
    }

    @Test
    void aRevokedTokenIsRefusedOnTheVeryNextRequestThoughTheDeviceIsStillCached() throws Exception {
        String token = device("dev-sec-revoked");
        assertThat(post(token, body(reading("rv-" + UUID.randomUUID()))).statusCode()).isEqualTo(202);
        int lookups = VITALS.deviceLookups.get();

        VITALS.revoke(hash(token));
        String correlationId = "rv-" + UUID.randomUUID();
        HttpResponse<String> next = post(token, body(reading("rv-" + UUID.randomUUID())),
                Map.of(Correlation.HEADER, correlationId));

        assertThat(VITALS.deviceLookups.get()).as("the device came from the cache").isEqualTo(lookups);
        assertProblem(next, 401, "This device token has been revoked or replaced");
        assertThat(next.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
        AuditRecorded audited = audited(correlationId);
        assertThat(audited.agent()).isEqualTo("dev-sec-revoked");
        assertThat(audited.agentType()).isEqualTo("device");
        assertThat(audited.reason()).isEqualTo("credentials-revoked");

        HttpResponse<String> after = post(token, body(reading("rv-" + UUID.randomUUID())));
        assertProblem(after, 401, "the device token is unknown or has been revoked");
        assertThat(VITALS.deviceLookups.get()).as("evicted, so looked up again").isEqualTo(lookups + 1);
    }

    @Test
    void aCredentialsChangedEventDropsTheCachedToken() throws Exception {
        String token = device("dev-sec-rotated");
        directory.authenticate("Bearer " + token);
        await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.getListenerContainer("device-changed")
                .getAssignedPartitions().isEmpty());

        VITALS.revoke(hash(token));
        template.send(new ProducerRecord<>(Topics.DEVICE_CHANGED.name(), "dev-sec-rotated",
                Topics.DEVICE_CHANGED.codec().encode(new DeviceChanged("dev-sec-rotated",
                        DeviceChanged.CREDENTIALS_CHANGED, Instant.now())))).get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertProblem(
                post(token, "{\"readings\": [{}]}"), 401, "the device token is unknown or has been revoked"));
    }

    @Test
    void anUnknownTokenIsRefusedAndRecordedAsAnonymous() throws Exception {
        String correlationId = "unk-" + UUID.randomUUID();

        HttpResponse<String> response = post("no-such-device-token", body(reading("x")),
                Map.of(Correlation.HEADER, correlationId, "X-Forwarded-For", "203.0.113.9, 10.0.0.1"));

        assertProblem(response, 401, "the device token is unknown or has been revoked");
        AuditRecorded audited = audited(correlationId);
        assertThat(audited.service()).isEqualTo("ingest-service");
        assertThat(audited.action()).isEqualTo("create");
        assertThat(audited.resource()).isEqualTo("Observation");
        assertThat(audited.outcome()).isEqualTo("denied");
        assertThat(audited.agent()).isEqualTo("anonymous");
        assertThat(audited.agentType()).isEqualTo("anonymous");
        assertThat(audited.reason()).isEqualTo("unknown-token");
        assertThat(audited.request()).isEqualTo("POST /api/v1/readings");
        // This test reaches ingest from loopback, a trusted proxy by default: the hop it appended (the last) counts,
        // never the ones before it, which any caller can write (issue 13).
        assertThat(audited.sourceAddress()).isEqualTo("10.0.0.1");
        assertThat(audited.patientIds()).isEmpty();
    }

    @Test
    void aDevicePostingForAnotherIsForbiddenNothingIsClaimedAndTheRefusalIsRecorded() throws Exception {
        String token = device("dev-sec-own");
        String correlationId = "fd-" + UUID.randomUUID();

        HttpResponse<String> topLevel = post(token, """
                {"deviceId": "dev-sec-other", "readings": [%s]}""".formatted(reading("fd-" + UUID.randomUUID())),
                Map.of(Correlation.HEADER, correlationId));
        HttpResponse<String> inAReading = post(token, """
                {"readings": [%s, {"id": "fd-2", "deviceId": "dev-sec-other", "type": "heart-rate", "value": 70,
                  "unit": "/min", "time": "%s"}]}""".formatted(reading("fd-" + UUID.randomUUID()),
                Instant.now().minusSeconds(5)));

        assertProblem(topLevel, 403, "deviceId is not the device this token belongs to");
        assertProblem(inAReading, 403, "readings[1].deviceId is not the device this token belongs to");
        assertThat(VITALS.claimCallsOf("dev-sec-own")).isZero();
        AuditRecorded audited = audited(correlationId);
        assertThat(audited.agent()).isEqualTo("dev-sec-own");
        assertThat(audited.agentType()).isEqualTo("device");
        assertThat(audited.outcome()).isEqualTo("denied");
        assertThat(audited.reason()).isEqualTo("foreign-device");

        HttpResponse<String> ownId = post(token, """
                {"deviceId": "dev-sec-own", "readings": [%s]}""".formatted(reading("fd-" + UUID.randomUUID())));
        assertThat(ownId.statusCode()).isEqualTo(202);
    }

    @Test
    void aTokenIssuedAfterAMoveCannotFileBackdatedReadingsInTheEarlierWearersRecord() throws Exception {
        Instant moved = Instant.now().minus(Duration.ofHours(2));
        Instant issued = moved.plus(Duration.ofMinutes(5));
        String token = "token-dev-sec-moved-" + UUID.randomUUID();
        VITALS.device(hash(token), "dev-sec-moved", true, issued,
                new FakeVitalsService.Assignment("pat-earlier-wearer", LONG_AGO, moved, moved),
                new FakeVitalsService.Assignment("pat-current-wearer", moved, null));
        String backdated = "bd-" + UUID.randomUUID();
        String current = "cur-" + UUID.randomUUID();

        HttpResponse<String> response = post(token, """
                {"readings": [
                  {"id": "%s", "type": "heart-rate", "value": 70, "unit": "/min", "time": "%s"},
                  {"id": "%s", "type": "heart-rate", "value": 71, "unit": "/min", "time": "%s"}]}"""
                .formatted(backdated, moved.minus(Duration.ofHours(1)), current, Instant.now().minusSeconds(5)));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).as("the current wearer's reading").isEqualTo(1);
        assertThat(answer.at("/rejected/0/index").asInt()).isZero();
        assertThat(answer.at("/rejected/0/reason").asString()).isEqualTo("unassigned");
        assertThat(answer.at("/rejected/0/error").asString())
                .isEqualTo("the device's assignment at the reading's time ended before its token was issued");
    }

    @Test
    void aTokenIssuedBeforeAMoveStillFilesTheReadingsTakenBeforeIt() throws Exception {
        Instant moved = Instant.now().minus(Duration.ofHours(2));
        String token = "token-dev-sec-old-token-" + UUID.randomUUID();
        VITALS.device(hash(token), "dev-sec-old-token", true, LONG_AGO,
                new FakeVitalsService.Assignment("pat-earlier-wearer", LONG_AGO, moved, moved),
                new FakeVitalsService.Assignment("pat-current-wearer", moved, null));

        HttpResponse<String> response = post(token, """
                {"readings": [{"id": "%s", "type": "heart-rate", "value": 70, "unit": "/min", "time": "%s"}]}"""
                .formatted("bd-" + UUID.randomUUID(), moved.minus(Duration.ofHours(1))));

        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void aBackdatedMoveCountsFromWhenItWasRecordedNotFromTheEndItNames() throws Exception {
        // Moved two hours ago in effect, but recorded only ten minutes ago: a token issued an hour ago existed while
        // the earlier wearer's assignment still stood on record, so the device's buffered readings of that time are
        // theirs. A token issued after the move was recorded may not file them.
        Instant movedInEffect = Instant.now().minus(Duration.ofHours(2));
        Instant recorded = Instant.now().minus(Duration.ofMinutes(10));
        String readingTime = movedInEffect.minus(Duration.ofMinutes(30)).toString();
        String before = "token-dev-sec-backdated-before-" + UUID.randomUUID();
        VITALS.device(hash(before), "dev-sec-backdated", true, Instant.now().minus(Duration.ofHours(1)),
                new FakeVitalsService.Assignment("pat-earlier-wearer", LONG_AGO, movedInEffect, recorded),
                new FakeVitalsService.Assignment("pat-current-wearer", movedInEffect, null));
        String after = "token-dev-sec-backdated-after-" + UUID.randomUUID();
        VITALS.device(hash(after), "dev-sec-backdated-2", true, recorded.plusSeconds(60),
                new FakeVitalsService.Assignment("pat-earlier-wearer", LONG_AGO, movedInEffect, recorded),
                new FakeVitalsService.Assignment("pat-current-wearer", movedInEffect, null));
        String oldEnd = "token-dev-sec-old-end-" + UUID.randomUUID();
        VITALS.device(hash(oldEnd), "dev-sec-old-end", true, recorded.plusSeconds(60),
                new FakeVitalsService.Assignment("pat-earlier-wearer", LONG_AGO, movedInEffect),
                new FakeVitalsService.Assignment("pat-current-wearer", movedInEffect, null));
        String body = """
                {"readings": [{"id": "%s", "type": "heart-rate", "value": 70, "unit": "/min", "time": "%s"}]}""";

        JsonNode beforeAnswer = JSON.readTree(post(before, body.formatted("bd-" + UUID.randomUUID(), readingTime))
                .body());
        JsonNode afterAnswer = JSON.readTree(post(after, body.formatted("bd-" + UUID.randomUUID(), readingTime))
                .body());
        JsonNode oldEndAnswer = JSON.readTree(post(oldEnd, body.formatted("bd-" + UUID.randomUUID(), readingTime))
                .body());

        assertThat(beforeAnswer.get("accepted").asInt()).as("token issued before the move was recorded").isEqualTo(1);
        assertThat(afterAnswer.get("accepted").asInt()).as("token issued after the move was recorded").isZero();
        assertThat(afterAnswer.at("/rejected/0/error").asString())
                .isEqualTo("the device's assignment at the reading's time ended before its token was issued");
        assertThat(oldEndAnswer.get("accepted").asInt())
                .as("an end recorded before vitals-service kept its time is not held against a token").isEqualTo(1);
    }

    @Test
    void aNoisyDeviceIsToldToSlowDownWhileAnotherInTheSameWindowIsServed() throws Exception {
        String noisy = device("dev-sec-noisy");
        String quiet = device("dev-sec-quiet");
        List<HttpResponse<String>> noisyAnswers = new ArrayList<>();
        List<HttpResponse<String>> quietAnswers = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            noisyAnswers.add(post(noisy, body(reading("noisy-" + UUID.randomUUID()))));
            if (i % 4 == 0) {
                quietAnswers.add(post(quiet, body(reading("quiet-" + UUID.randomUUID()))));
            }
        }

        assertThat(quietAnswers).extracting(HttpResponse::statusCode).containsOnly(202);
        List<HttpResponse<String>> limited = noisyAnswers.stream().filter(r -> r.statusCode() == 429).toList();
        long accepted = noisyAnswers.stream().filter(r -> r.statusCode() == 202).count();
        assertThat(limited).hasSizeGreaterThanOrEqualTo(6);
        assertThat(accepted + limited.size()).isEqualTo(12);
        for (HttpResponse<String> response : limited) {
            assertProblem(response, "this device is sending requests faster than its limit");
            assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isGreaterThanOrEqualTo(1));
        }
        assertThat(VITALS.claimCallsOf("dev-sec-noisy")).as("nothing claimed for a refused request")
                .isEqualTo((int) accepted);

        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("(?m)^vigil_ingest_rate_limited_total(\\{\\})? ");
    }

    @Test
    void aBurstOfMadeUpTokensGets401sThen429sWithoutALookUpOrAuditRecordEachWhileTheDeviceIsServed()
            throws Exception {
        String device = device("dev-sec-flooded");
        Map<String, String> fromTheFlood = Map.of("X-Forwarded-For", "198.51.100.7");
        assertThat(post(device, body(reading("flood-" + UUID.randomUUID())), fromTheFlood).statusCode())
                .isEqualTo(202);
        int lookups = VITALS.deviceLookups.get();

        List<String> correlationIds = new ArrayList<>();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String correlationId = "flood-" + UUID.randomUUID();
            correlationIds.add(correlationId);
            answers.add(post("made-up-" + UUID.randomUUID(), body(reading("x")),
                    Map.of("X-Forwarded-For", "198.51.100.7", Correlation.HEADER, correlationId)));
        }

        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
        long refused = statuses.stream().filter(status -> status == 401).count();
        assertThat(statuses.subList(0, 20)).as("the address's burst of refusals").containsOnly(401);
        assertThat(statuses.subList(25, 30)).as("then slowed down").containsOnly(429);
        assertThat(statuses).containsOnly(401, 429);
        for (HttpResponse<String> limited : answers.stream().filter(r -> r.statusCode() == 429).toList()) {
            assertProblem(limited, "too many requests with missing, unknown or revoked device tokens from this address");
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isGreaterThanOrEqualTo(1));
        }
        assertThat(VITALS.deviceLookups.get() - lookups).as("a look-up per refusal, none per 429").isEqualTo(refused);

        assertThat(post(device, body(reading("flood-" + UUID.randomUUID())), fromTheFlood).statusCode())
                .as("the device itself, from the same address").isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            pollAudit();
            assertThat(allAudited).filteredOn(r -> correlationIds.get(0).equals(r.correlationId()))
                    .as("the first refusal, then the interval's summary").extracting(AuditRecorded::reason)
                    .containsExactly("unknown-token",
                            "unknown-token (" + (refused - 1) + " more from this address within 3 s)");
        });
        assertThat(auditedByCorrelationId).as("no record of its own for the rest of the burst")
                .doesNotContainKeys(correlationIds.subList(1, 30).toArray(String[]::new));
    }

    @Test
    void theSameUnknownTokenAgainIsRefusedWithoutAskingVitalsAgain() throws Exception {
        String token = "made-up-" + UUID.randomUUID();
        int lookups = VITALS.deviceLookups.get();

        for (int i = 0; i < 5; i++) {
            assertProblem(post(token, body(reading("x")), Map.of("X-Forwarded-For", "198.51.100.8")), 401,
                    "the device token is unknown or has been revoked");
        }

        assertThat(VITALS.deviceLookups.get() - lookups).isEqualTo(1);
    }

    @Test
    void anythingButTheReadingsEndpointAndTheProbesNeedsAJwt() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/anything-else"))
                .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    /**
     * One caller of the readings endpoint: its {@code Authorization} header (none when null), what it posts, the
     * status it must get and, for a refusal, the reason of its audit record.
     */
    private record Caller(@Nullable String authorization, String body, int expected, @Nullable String reason) {
    }

    /**
     * The access matrix of ingest (issue 13): {@code POST /api/v1/readings} against every kind of caller. Only a
     * device's own opaque token posts readings; a user's or a service's JWT is no device token, whatever its roles.
     * Each refusal is problem+json and audited denied with its reason; each caller comes from its own address, so
     * that no refusal is folded into another's summary record.
     */
    @Test
    void theReadingsEndpointAnswersEachCallerAsTheRulesSayAndAuditsEveryRefusal() throws Exception {
        String valid = device("dev-matrix-valid");
        String revoked = device("dev-matrix-revoked");
        assertThat(post(revoked, body(reading("mx-" + UUID.randomUUID()))).statusCode()).isEqualTo(202);
        VITALS.revoke(hash(revoked));
        String inactive = "token-dev-matrix-inactive-" + UUID.randomUUID();
        VITALS.device(hash(inactive), "dev-matrix-inactive", false,
                new FakeVitalsService.Assignment("pat-dev-matrix-inactive", LONG_AGO, null));
        String own = device("dev-matrix-own");
        Supplier<String> aReading = () -> body(reading("mx-" + UUID.randomUUID()));
        String forAnother = "{\"deviceId\": \"dev-matrix-valid\", \"readings\": [" + reading("mx-" + UUID.randomUUID())
                + "]}";
        Map<String, Caller> callers = new LinkedHashMap<>();
        callers.put("device, valid token", new Caller("Bearer " + valid, aReading.get(), 202, null));
        callers.put("device posting for another", new Caller("Bearer " + own, forAnother, 403, "foreign-device"));
        callers.put("device, revoked token", new Caller("Bearer " + revoked, aReading.get(), 401,
                "credentials-revoked"));
        callers.put("device, inactive", new Caller("Bearer " + inactive, aReading.get(), 401, "inactive-device"));
        callers.put("unknown token", new Caller("Bearer made-up-" + UUID.randomUUID(), aReading.get(), 401,
                "unknown-token"));
        callers.put("clinician's JWT", new Caller("Bearer " + TestIssuer.clinician("ada-matrix"), aReading.get(), 401,
                "unknown-token"));
        callers.put("admin's JWT", new Caller("Bearer " + TestIssuer.admin(), aReading.get(), 401, "unknown-token"));
        callers.put("patient's JWT", new Caller("Bearer " + TestIssuer.patientUser("pat-matrix"), aReading.get(), 401,
                "unknown-token"));
        callers.put("integrator's JWT", new Caller("Bearer " + TestIssuer.integrator("acme-matrix",
                "system/Observation.cruds"), aReading.get(), 401, "unknown-token"));
        callers.put("ingest's own service JWT", new Caller("Bearer " + TestIssuer.service("ingest-service",
                "internal:devices.read internal:reading-claims.write"), aReading.get(), 401, "unknown-token"));
        callers.put("Basic credentials", new Caller("Basic ZGV2aWNlOnNlY3JldA==", aReading.get(), 401,
                "not-bearer"));
        callers.put("no token", new Caller(null, aReading.get(), 401, "no-token"));

        List<String> wrong = new ArrayList<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        int address = 10;
        for (Map.Entry<String, Caller> entry : callers.entrySet()) {
            Caller caller = entry.getValue();
            String correlationId = "matrix-" + UUID.randomUUID();
            HttpResponse<String> response = send(caller.authorization(), caller.body(),
                    Map.of(Correlation.HEADER, correlationId, "X-Forwarded-For", "192.0.2." + address++));
            String what = "POST /api/v1/readings as " + entry.getKey();
            if (response.statusCode() != caller.expected()) {
                wrong.add(what + ": " + response.statusCode() + " instead of " + caller.expected() + " "
                        + response.body());
            } else if (caller.reason() != null) {
                if (!response.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json")) {
                    wrong.add(what + ": not problem+json");
                }
                refusals.put(correlationId, what + " (" + caller.reason() + ")");
            }
        }
        assertThat(wrong).isEmpty();

        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            AuditRecorded audited = audited(refusal.getKey());
            if (!audited.outcome().equals(AuditRecorded.DENIED)
                    || !refusal.getValue().endsWith("(" + audited.reason() + ")")) {
                wrong.add(refusal.getValue() + ": audited " + audited.outcome() + " " + audited.reason());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A new endpoint under /api/ fails here, naming it, until the matrix above has its callers. */
    @Test
    void everyApiEndpointIsInTheMatrix() {
        assertThat(EndpointCoverage.gaps(handlers, "/api/", List.of("POST /api/v1/readings"))).isEmpty();
    }

    /** A device assigned to a patient since long ago; returns its token. */
    private static String device(String deviceId) {
        String token = "token-" + deviceId + "-" + UUID.randomUUID();
        VITALS.device(hash(token), deviceId, true,
                new FakeVitalsService.Assignment("pat-" + deviceId, LONG_AGO, null));
        return token;
    }

    private static String reading(String id) {
        return """
                {"id": "%s", "type": "heart-rate", "value": 70, "unit": "/min", "time": "%s"}"""
                .formatted(id, Instant.now().minusSeconds(5));
    }

    private static String body(String reading) {
        return "{\"readings\": [" + reading + "]}";
    }

    private HttpResponse<String> post(String token, String body) throws Exception {
        return post(token, body, Map.of());
    }

    private HttpResponse<String> post(String token, String body, Map<String, String> headers) throws Exception {
        return send("Bearer " + token, body, headers);
    }

    private HttpResponse<String> send(@Nullable String authorization, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/readings"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

    /** The audit record of the request with this correlation id, consumed from vigil.audit-recorded.v1. */
    private static AuditRecorded audited(String correlationId) {
        pollAudit();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!auditedByCorrelationId.containsKey(correlationId) && System.nanoTime() < deadline) {
            pollAudit();
        }
        assertThat(auditedByCorrelationId).as("audit record of " + correlationId).containsKey(correlationId);
        return auditedByCorrelationId.get(correlationId);
    }

    /** Reads what has arrived on the audit topic; a later record of the same correlation id replaces the earlier. */
    private static void pollAudit() {
        if (auditConsumer == null) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-audit-it-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            auditConsumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            auditConsumer.subscribe(List.of(Topics.AUDIT_RECORDED.name()));
        }
        for (ConsumerRecord<String, byte[]> record : auditConsumer.poll(Duration.ofMillis(200))) {
            AuditRecorded event = Topics.AUDIT_RECORDED.codec().decode(record.value());
            allAudited.add(event);
            if (event.correlationId() != null) {
                auditedByCorrelationId.put(event.correlationId(), event);
            }
        }
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
