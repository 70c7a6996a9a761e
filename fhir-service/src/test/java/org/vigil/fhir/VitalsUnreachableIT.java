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

/**
 * With vitals-service down, FHIR clients get a 503 OperationOutcome they can retry on, not a 500: for its data and for
 * the care-team lookup that access decisions need.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VitalsUnreachableIT {

    /** Every test request connects within 5 s and is answered within 30 s, or fails naming itself. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void vitalsNowhere(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        VigilInfrastructure.registerKafka(registry);
        TestIssuer.register(registry);
        registry.add("vigil.vitals.url", () -> "http://localhost:" + closedPort);
        registry.add("VIGIL_VITALS_URL", () -> "http://localhost:" + closedPort);
    }

    @Test
    void observationSearchIs503OperationOutcome() throws Exception {
        HttpResponse<String> response = search(TestIssuer.integrator("ehr", "system/Observation.rs"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"", "vitals-service cannot be reached");
    }

    @Test
    void aClinicianWhoseCareTeamsCannotBeLookedUpGets503OperationOutcome() throws Exception {
        HttpResponse<String> response = search(TestIssuer.clinician("ada"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"", "care-team memberships");
    }

    private HttpResponse<String> search(String token) throws Exception {
        return HTTP.send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/fhir/Observation?subject=Patient/p1"))
                .timeout(TIMEOUT).header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
