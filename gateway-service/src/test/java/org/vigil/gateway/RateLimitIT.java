package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-caller rate limits (2 requests a second, bursts of 3 here): a client hammering the API gets 429 with Retry-After
 * while another client, and another device, go on. Also the gateway outside profile demo: the configured keystore,
 * and no plain-HTTP listener at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "vigil.gateway.tls.key-store=file:" + TestTls.KEYSTORE,
        "vigil.gateway.tls.key-store-password=" + GatewayTls.DEMO_PASSWORD,
        "vigil.gateway.tls.key-alias=" + GatewayTls.DEMO_ALIAS,
        "vigil.gateway.rate-limit.requests-per-second=2",
        "vigil.gateway.rate-limit.burst=3",
        // Not the demo profile (no plain-HTTP listener is the point of one test): no default secrets either.
        "VIGIL_DASHBOARD_CLIENT_SECRET=rate-limit-it-dashboard-secret"})
class RateLimitIT {

    static {
        // Outside demo nothing generates a keystore: the test's trust store doubles as the configured one.
        TestTls.trustingTheGateway();
    }

    static final TestIssuer issuer = new TestIssuer("https://issuer.test");
    static final Downstream vitals = new Downstream("vitals");
    static final Downstream ingest = new Downstream("ingest");
    static final HttpClient http = TestTls.client().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("VIGIL_VITALS_URL", vitals::url);
        registry.add("VIGIL_INGEST_URL", ingest::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> issuer.issuer);
        registry.add("VIGIL_OAUTH_JWKS_URI", issuer::jwksUri);
    }

    @AfterAll
    static void stop() {
        issuer.close();
        vitals.close();
        ingest.close();
    }

    @Test
    void aNoisyClientGets429WithRetryAfterWhileAnotherClientStillPasses() throws Exception {
        String noisy = issuer.token("noisy-integrator");
        String quiet = issuer.token("quiet-integrator");

        List<HttpResponse<String>> hammering = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            hammering.add(get("/api/v1/devices", noisy));
        }
        List<Integer> quietStatuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            quietStatuses.add(get("/api/v1/devices", quiet).statusCode());
        }

        HttpResponse<String> refused = hammering.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(hammering.stream().filter(r -> r.statusCode() == 200)).hasSizeLessThanOrEqualTo(5);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(refused.body()).contains("\"status\":429", "Too many requests");
        assertThat(quietStatuses).containsOnly(200);
    }

    @Test
    void eachDeviceHasItsOwnBucketOnReadings() throws Exception {
        List<Integer> noisyDevice = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            noisyDevice.add(post("/api/v1/readings", "vgd_device-one").statusCode());
        }
        int otherDevice = post("/api/v1/readings", "vgd_device-two").statusCode();

        assertThat(noisyDevice).contains(429);
        assertThat(otherDevice).isEqualTo(200);
    }

    @Test
    void madeUpDeviceTokensShareTheirAddresssBucketWhileAnAcceptedDeviceKeepsItsOwn() throws Exception {
        // Ingest, played here: 401 for a token it does not know, 202 for the device's.
        ingest.serve("/api/v1/readings/flood", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean known = "Bearer vgd_accepted-device".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(known ? 202 : 401, -1);
            exchange.close();
        });
        assertThat(post("/api/v1/readings/flood", "vgd_accepted-device").statusCode()).isEqualTo(202);
        Thread.sleep(1_600); // the address's bucket full again (3 at 2 a second)
        int callers = context.getBean(RateLimitFilter.class).trackedCallers();

        List<HttpResponse<String>> flood = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            flood.add(post("/api/v1/readings/flood", "made-up-" + java.util.UUID.randomUUID()));
        }
        List<Integer> deviceStatuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deviceStatuses.add(post("/api/v1/readings/flood", "vgd_accepted-device").statusCode());
        }

        List<Integer> statuses = flood.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401)).as("the address's burst, and a refill or two")
                .hasSizeBetween(3, 5);
        HttpResponse<String> limited = flood.get(flood.size() - 1);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("Too many requests from this caller");
        assertThat(deviceStatuses).as("the accepted device, from the same address").containsOnly(202);
        assertThat(context.getBean(RateLimitFilter.class).trackedCallers()).as("no bucket per made-up token")
                .isLessThanOrEqualTo(callers + 2);
    }

    @Test
    void outsideProfileDemoThereIsNoPlainHttpListener() {
        assertThat(context.getBeanProvider(HttpsRedirectServer.class).getIfAvailable()).isNull();
        assertThat(port).isPositive();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(TestTls.REQUEST_TIMEOUT).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(TestTls.REQUEST_TIMEOUT).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
