package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that is down is a 503, one that is too slow a 504; both problem+json, with the correlation id. The API
 * document cannot be assembled without them: 503 naming each.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.cloud.gateway.server.webflux.httpclient.response-timeout=500ms",
                "vigil.gateway.api-docs.response-timeout=1s", TestTls.SELF_SIGNED, TestTls.NO_HTTP_PORT})
@ActiveProfiles("demo")
class DownstreamFailureIT {

    static final Downstream slowAlert = new Downstream("alert", Duration.ofSeconds(3));
    static final TestIssuer issuer = new TestIssuer("https://issuer.test");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        String stopped = "http://localhost:" + freePort();
        registry.add("VIGIL_INGEST_URL", () -> stopped);
        registry.add("VIGIL_VITALS_URL", () -> stopped);
        registry.add("VIGIL_FHIR_URL", () -> stopped);
        registry.add("VIGIL_AUDIT_URL", () -> stopped);
        registry.add("VIGIL_ALERT_URL", slowAlert::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> issuer.issuer);
        registry.add("VIGIL_OAUTH_JWKS_URI", issuer::jwksUri);
    }

    @AfterAll
    static void stop() {
        slowAlert.close();
        issuer.close();
    }

    @Test
    void aStoppedServiceIs503ProblemJsonNamingIt() throws Exception {
        HttpResponse<String> response = get("/api/v1/patients/p-1/vitals/latest");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":503", "vitals service is unavailable");
        assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
    }

    @Test
    void aServiceSlowerThanTheResponseTimeoutIs504ProblemJson() throws Exception {
        HttpResponse<String> response = get("/api/v1/alerts?patientId=p-1");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":504", "alert service did not answer in time");
    }

    @Test
    void theApiDocumentIs503ProblemJsonNamingEachServiceItCouldNotFetch() throws Exception {
        HttpResponse<String> response = TestTls.client().build().send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/docs")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":503", "the ingest service is unavailable",
                "the vitals service is unavailable", "the alert service did not answer in time",
                "the audit service is unavailable");
    }

    @Test
    void oneServicesDocumentIs503WhenThatServiceIsDown() throws Exception {
        HttpResponse<String> response = TestTls.client().build().send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/docs/vitals")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("the vitals service is unavailable");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return TestTls.client().build().send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                        .timeout(TestTls.REQUEST_TIMEOUT)
                        .header("Authorization", "Bearer " + issuer.token("demo-integrator")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
