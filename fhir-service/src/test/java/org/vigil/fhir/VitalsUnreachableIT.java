package org.vigil.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With vitals-service down, FHIR clients get a 503 OperationOutcome they can retry on, not a 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VitalsUnreachableIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void vitalsNowhere(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("vigil.vitals.url", () -> "http://localhost:" + closedPort);
    }

    @Test
    void observationSearchIs503OperationOutcome() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/fhir/Observation?subject=Patient/p1"))
                .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"", "vitals-service cannot be reached");
    }
}
