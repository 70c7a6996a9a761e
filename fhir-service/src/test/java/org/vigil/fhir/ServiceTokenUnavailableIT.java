package org.vigil.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;

/** When this service cannot get its own token for vitals-service's internal API, clients get a 503 OperationOutcome. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceTokenUnavailableIT {

    /** Every test request connects within 5 s and is answered within 30 s, or fails naming itself. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuerWithoutTokenEndpoint(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        VigilInfrastructure.registerKafka(registry);
        TestIssuer.register(registry);
        registry.add("vigil.security.service-client.token-uri", () -> "http://localhost:" + closedPort + "/token");
    }

    @Test
    void observationSearchIs503OperationOutcome() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/fhir/Observation?subject=Patient/p1"))
                .timeout(TIMEOUT).header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + TestIssuer.integrator("ehr", "system/Observation.rs")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"", "access token",
                "vitals-service");
    }
}
