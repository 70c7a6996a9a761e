package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Routing, correlation ids and the gateway's own errors, with the four services played by in-test HTTP servers. The
 * response timeout is cut to 1 s here, so that the alert stream's exemption from it shows in seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s", TestTls.SELF_SIGNED,
                TestTls.NO_HTTP_PORT})
@ActiveProfiles("demo")
class GatewayRoutingIT {

    static final Downstream ingest = new Downstream("ingest");
    static final Downstream vitals = new Downstream("vitals");
    static final Downstream alert = new Downstream("alert");
    static final Downstream fhir = new Downstream("fhir");
    static final Downstream auth = new Downstream("auth");
    static final Downstream audit = new Downstream("audit");
    static final TestIssuer issuer = new TestIssuer("https://issuer.test");
    static final String TOKEN = issuer.token("demo-integrator");
    /** Every route but the event streams, with a path it serves. */
    static final Map<String, String> TIMED_ROUTES = Map.of("auth", "/.well-known/slow",
            "ingest", "/api/v1/readings/slow", "alert-patient", "/api/v1/patients/p-1/news2/slow",
            "vitals", "/api/v1/devices/slow", "alert", "/api/v1/alerts/slow", "fhir", "/fhir/slow",
            "audit", "/api/v1/audit/slow", "ward", "/api/v1/ward");
    /** Long-lived Server-Sent Events routes: no response timeout. */
    static final Set<String> EVENT_STREAMS = Set.of("alert-stream", "ward-stream");
    static HttpClient http;

    @Autowired
    RouteLocator routeLocator;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("VIGIL_INGEST_URL", ingest::url);
        registry.add("VIGIL_VITALS_URL", vitals::url);
        registry.add("VIGIL_ALERT_URL", alert::url);
        registry.add("VIGIL_FHIR_URL", fhir::url);
        registry.add("VIGIL_AUTH_URL", auth::url);
        registry.add("VIGIL_AUDIT_URL", audit::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> issuer.issuer);
        registry.add("VIGIL_OAUTH_JWKS_URI", issuer::jwksUri);
    }

    @BeforeAll
    static void trustTheGateway() {
        http = TestTls.client().build();
    }

    @AfterAll
    static void stop() {
        ingest.close();
        vitals.close();
        alert.close();
        fhir.close();
        auth.close();
        audit.close();
        issuer.close();
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /api/v1/readings, ingest",
            "POST, /api/v1/readings/batch, ingest",
            "POST, /api/v1/devices, vitals",
            "GET, /api/v1/devices/d-1, vitals",
            "POST, /api/v1/devices/d-1/assignments, vitals",
            "GET, /api/v1/patients/p-1/vitals/latest, vitals",
            "GET, /api/v1/patients/p-1/vitals?type=heart-rate&from=2026-11-21T00:00:00Z, vitals",
            "GET, /api/v1/patients/p-1, vitals",
            "GET, /api/v1/patients, vitals",
            "GET, /api/v1/patients/p-1/news2, alert",
            "GET, /api/v1/patients/p-1/news2/history?limit=10, alert",
            "GET, /api/v1/ward, alert",
            "GET, /api/v1/ward?patientId=p-1, alert",
            "GET, /api/v1/break-glass, vitals",
            "GET, /api/v1/patients/p-1/vitals/series?type=heart-rate, vitals",
            "GET, /api/v1/patients/p-1/glucose-report, vitals",
            "GET, /api/v1/patients/p-1/devices, vitals",
            "GET, /api/v1/patients/p-1/thresholds, alert",
            "PUT, /api/v1/patients/p-1/thresholds, alert",
            "GET, /api/v1/patients/p-1/news2-settings, alert",
            "PUT, /api/v1/patients/p-1/news2-settings, alert",
            "GET, /api/v1/patients/news2, vitals",
            "GET, /api/v1/patients/p-1/vitals/news2, vitals",
            "GET, /api/v1/alerts?patientId=p-1&status=open, alert",
            "GET, /api/v1/alerts?category=technical, alert",
            "GET, /api/v1/alerts/a-1, alert",
            "POST, /api/v1/alerts/a-1/acknowledge, alert",
            "POST, /api/v1/alerts/a-1/comments, alert",
            "POST, /api/v1/alert-subscriptions, alert",
            "GET, /api/v1/alert-subscriptions, alert",
            "DELETE, /api/v1/alert-subscriptions/s-1, alert",
            "GET, /fhir/Observation?subject=Patient/p-1&code=http://loinc.org%7C8867-4, fhir",
            "GET, /fhir/metadata, fhir",
            "GET, /api/v1/care-teams, vitals",
            "POST, /api/v1/care-teams/t-1/members, vitals",
            "GET, /api/v1/dead-letters/vitals, vitals",
            "POST, /api/v1/dead-letters/vitals/replay, vitals",
            "GET, /api/v1/dead-letters/alert, alert",
            "POST, /api/v1/dead-letters/alert/replay, alert",
            "GET, /api/v1/audit/events?patientId=p-1, audit",
            "GET, /oauth2/authorize?response_type=code&client_id=x, auth",
            "POST, /oauth2/token, auth",
            "GET, /oauth2/jwks, auth",
            "POST, /oauth2/revoke, auth",
            "POST, /oauth2/introspect, auth",
            "GET, /.well-known/openid-configuration, auth",
            "GET, /.well-known/oauth-authorization-server, auth",
            "GET, /userinfo, auth",
            "GET, /connect/logout?id_token_hint=x, auth",
            "POST, /connect/register, auth",
            "GET, /login, auth",
            "POST, /login, auth"})
    void eachPrefixGoesToItsServiceWithThePathIntact(String method, String path, String service) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"service\": \"" + service + "\"", "\"method\": \"" + method + "\"",
                "\"uri\": \"" + path + "\"");
    }

    /**
     * The stream's first event arrives while the service still holds the response open (nothing buffers it), and a
     * silence longer than the response timeout (1 s here, 30 s in production) does not cut the stream off.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/alerts/stream", "/api/v1/ward/stream"})
    void eachEventStreamIsStreamedEventByEventAndOutlivesTheResponseTimeout(String stream) throws Exception {
        CountDownLatch firstReceived = new CountDownLatch(1);
        alert.serve(stream, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().add("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("event: alert\ndata: {\"n\": 1}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                // Hold the second event until the client has the first (or 5 s), then stay quiet past the timeout.
                firstReceived.await(5, TimeUnit.SECONDS);
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("event: alert\ndata: {\"n\": 2}\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        List<String> lines = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();

        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri(stream))
                .timeout(TestTls.REQUEST_TIMEOUT).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofLines());
        Duration firstAfter = null;
        try (Stream<String> body = response.body()) {
            for (String line : (Iterable<String>) body::iterator) {
                lines.add(line);
                if (line.startsWith("data:") && firstAfter == null) {
                    firstAfter = Duration.ofNanos(System.nanoTime() - start);
                    firstReceived.countDown();
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(firstAfter).isLessThan(Duration.ofSeconds(2));
        assertThat(lines).containsSubsequence("data: {\"n\": 1}", "data: {\"n\": 2}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(2500));
    }

    /**
     * Every route keeps the response timeout (1 s here, 30 s in production) but the event streams, which opt out with
     * {@code metadata.response-timeout: -1}. A new route belongs in {@link #TIMED_ROUTES}, a new event stream in
     * {@link #EVENT_STREAMS}; {@link #everyRouteIsCheckedForItsResponseTimeout} fails until it is in one of them.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("timedRoutes")
    void everyOtherRouteAnswers504WhenItsServiceIsSlowerThanTheResponseTimeout(String route, String path)
            throws Exception {
        Downstream service = switch (route) {
            case "auth" -> auth;
            case "ingest" -> ingest;
            case "alert-patient", "alert", "ward" -> alert;
            case "vitals" -> vitals;
            case "fhir" -> fhir;
            case "audit" -> audit;
            default -> throw new IllegalArgumentException(route);
        };
        service.serve(path, exchange -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)));

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("The " + route + " service did not answer in time");
    }

    static Stream<Arguments> timedRoutes() {
        return TIMED_ROUTES.entrySet().stream().map(route -> Arguments.of(route.getKey(), route.getValue()));
    }

    @Test
    void everyRouteIsCheckedForItsResponseTimeout() {
        List<Route> routes = routeLocator.getRoutes().collectList().block(Duration.ofSeconds(10));

        assertThat(routes).extracting(Route::getId).containsAll(EVENT_STREAMS).containsAll(TIMED_ROUTES.keySet())
                .allSatisfy(route -> assertThat(EVENT_STREAMS.contains(route) || TIMED_ROUTES.containsKey(route))
                        .as("route %s is in EVENT_STREAMS or TIMED_ROUTES", route).isTrue());
        assertThat(routes).filteredOn(route -> EVENT_STREAMS.contains(route.getId())).allSatisfy(stream ->
                assertThat(stream.getMetadata()).as(stream.getId()).containsEntry("response-timeout", -1));
    }

    @Test
    void servicesSeeTheGatewayAddressAsHostAndForwardedHeaders() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/fhir/Patient")));

        assertThat(response.body()).contains("\"host\": \"localhost:" + port + "\"",
                "\"forwardedHost\": \"localhost:" + port + "\"", "\"forwardedProto\": \"https\"",
                "\"forwardedPort\": \"" + port + "\"");
    }

    @Test
    void aCallerCannotChooseTheForwardedHost() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/fhir/Patient"))
                .header("X-Forwarded-Host", "evil.example"));

        assertThat(response.body()).contains("\"forwardedHost\": \"localhost:" + port + "\"")
                .doesNotContain("evil.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/internal/v1/patients/p-1", "/internal", "/INTERNAL/v1/readings",
            "/api/v1/patients/../../../internal/v1/patients/p-1", "/api/v1/patients/%2e%2e/%2e%2e/internal/v1/x",
            "/api/v1/patients%2F..%2F..%2Finternal", "/nowhere"})
    void internalAndUnknownPathsAre404ProblemJson(String path) throws Exception {
        RawResponse response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.header("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404", "\"detail\":");
        assertThat(response.header("X-Correlation-Id")).isPresent();
    }

    @Test
    void aSafeCorrelationIdIsForwardedAndEchoed() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
                .header("X-Correlation-Id", "req-42.abc_DEF"));

        assertThat(response.body()).contains("\"correlationId\": \"req-42.abc_DEF\"");
        assertThat(response.headers().allValues("X-Correlation-Id")).containsExactly("req-42.abc_DEF");
    }

    @Test
    void aMissingOrUnsafeCorrelationIdIsReplacedByANewOne() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
                .header("X-Correlation-Id", "bad id; with spaces and a very long tail xxxxxxxxxx"));

        String echoed = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(echoed).matches("[0-9a-f-]{36}");
        assertThat(response.body()).contains("\"correlationId\": \"" + echoed + "\"");

        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/api/v1/alerts")));
        assertThat(none.headers().firstValue("X-Correlation-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}").isNotEqualTo(echoed));
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413ProblemJsonWithoutReachingTheService() throws Exception {
        RawResponse response = raw("POST /api/v1/readings HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024 + 1)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.header("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413", "2097152");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413ProblemJsonAndNeverReachesTheServiceWhole() throws Exception {
        String path = "/api/v1/readings/chunked-too-large";
        RawResponse response;
        try (Socket socket = TestTls.socket(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer device-token\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            try {
                // 3 MiB announced nowhere: the gateway must count.
                for (int i = 0; i < 48; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByTheGateway) {
                // The gateway may stop reading and close once it has answered; its answer is still there to read.
            }
            response = RawResponse.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.header("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413",
                "The request body exceeds the gateway's limit of 2097152 bytes");
        assertThat(ingest.received()).noneMatch(r -> r.uri().equals(path));
    }

    @Test
    void aChunkedBodyWithinTheLimitPasses() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/readings"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[2 * 1024 * 1024]))));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyAtTheLimitPasses() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/readings"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** Issue 13: metrics and health are for the platform, on the management port, never on the public HTTPS one. */
    @Test
    void actuatorIsServedOnTheManagementPortOnly() throws Exception {
        for (String path : List.of("/actuator/prometheus", "/actuator/health/liveness", "/actuator/health",
                "/actuator/info")) {
            assertThat(send(HttpRequest.newBuilder(uri(path))).statusCode()).as("%s on the HTTPS port", path)
                    .isEqualTo(404);
        }
        URI management = URI.create("http://localhost:" + managementPort);
        assertThat(send(HttpRequest.newBuilder(management.resolve("/actuator/health/liveness"))).body()).contains("UP");
        assertThat(send(HttpRequest.newBuilder(management.resolve("/actuator/health/readiness"))).body())
                .contains("UP");
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(management.resolve("/actuator/prometheus")));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void theIssuersPagesSeeTheGatewaysHttpsAddressSoTheirRedirectsAndIssuerUseIt() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/.well-known/openid-configuration")));

        assertThat(response.body()).contains("\"service\": \"auth\"", "\"host\": \"localhost:" + port + "\"",
                "\"forwardedHost\": \"localhost:" + port + "\"", "\"forwardedProto\": \"https\"",
                "\"forwardedPort\": \"" + port + "\"");
    }

    @Test
    void aRawBarInAFhirQueryStillPassesOverTls() throws Exception {
        RawResponse response = raw("GET /fhir/Observation?code=http://loinc.org|8867-4 HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"uri\": \"/fhir/Observation?code=http://loinc.org%7C8867-4\"");
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(TestTls.REQUEST_TIMEOUT).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What java.net.http will not send: a raw path, a Content-Length without the body. */
    private RawResponse raw(String request) throws IOException {
        try (Socket socket = TestTls.socket(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return RawResponse.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
