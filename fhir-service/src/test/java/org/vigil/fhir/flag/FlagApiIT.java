package org.vigil.fhir.flag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * Flags through HAPI's client, with alert-service's {@code /internal/v1/alerts} and vitals-service's relationships
 * played by an in-test HTTP server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlagApiIT {

    static final String PATIENT = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11";
    static final String OPEN = alert("a0000000-0000-4000-8000-000000000002", "open", "2026-11-21T11:00:00Z", null);
    static final String ACKED = alert("a0000000-0000-4000-8000-000000000003", "acknowledged",
            "2026-11-21T10:30:00Z", null);
    static final String RESOLVED = alert("a0000000-0000-4000-8000-000000000001", "resolved",
            "2026-11-21T10:00:00Z", "2026-11-21T10:20:00Z");
    static final FhirContext FHIR = FhirContext.forR4();
    static final List<String> requests = new CopyOnWriteArrayList<>();
    static final HttpServer stub = start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        VigilInfrastructure.register(registry);
        TestIssuer.register(registry);
        String url = "http://localhost:" + stub.getAddress().getPort();
        registry.add("vigil.alert.url", () -> url);
        registry.add("vigil.vitals.url", () -> url);
        registry.add("VIGIL_VITALS_URL", () -> url);
    }

    @AfterAll
    static void stop() {
        stub.stop(0);
    }

    @BeforeEach
    void clear() {
        requests.clear();
    }

    IGenericClient client(String token) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    IGenericClient integrator() {
        return client(TestIssuer.integrator("ehr", "system/Flag.rs"));
    }

    @Test
    void readsAnAlertAsAFlag() {
        Flag flag = integrator().read().resource(Flag.class).withId("a0000000-0000-4000-8000-000000000001").execute();

        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(flag.getSubject().getReference()).isEqualTo("Patient/" + PATIENT);
        assertThat(flag.getPeriod().getEnd().toInstant()).hasToString("2026-11-21T10:20:00Z");
        assertThat(flag.getCode().getCodingFirstRep().getCode()).isEqualTo("heart-rate-high");
    }

    @Test
    void unknownFlagIs404() {
        assertThatThrownBy(() -> integrator().read().resource(Flag.class).withId("nope").execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void searchesByPatientStatusAndDate() {
        Bundle all = integrator().search().forResource(Flag.class)
                .where(Flag.PATIENT.hasId("Patient/" + PATIENT)).returnBundle(Bundle.class).execute();
        assertThat(ids(all)).containsExactly("a0000000-0000-4000-8000-000000000002",
                "a0000000-0000-4000-8000-000000000003", "a0000000-0000-4000-8000-000000000001");
        assertThat(requests).anyMatch(r -> r.startsWith("/internal/v1/alerts?patientId=" + PATIENT + "&limit=100"));

        requests.clear();
        Bundle active = integrator().search().byUrl("Flag?patient=" + PATIENT + "&status=active"
                + "&date=ge2026-11-21T10:15:00Z&_count=5").returnBundle(Bundle.class).execute();
        assertThat(ids(active)).containsExactly("a0000000-0000-4000-8000-000000000002",
                "a0000000-0000-4000-8000-000000000003");
        assertThat(requests).containsExactlyInAnyOrder(
                "/internal/v1/alerts?patientId=" + PATIENT + "&status=open&from=2026-11-21T10:15:00Z&limit=5",
                "/internal/v1/alerts?patientId=" + PATIENT + "&status=acknowledged&from=2026-11-21T10:15:00Z"
                        + "&limit=5");

        Bundle inactive = integrator().search().byUrl("Flag?subject=Patient/" + PATIENT + "&status=inactive")
                .returnBundle(Bundle.class).execute();
        assertThat(ids(inactive)).containsExactly("a0000000-0000-4000-8000-000000000001");
    }

    @Test
    void aBadStatusIs400WithADiagnostic() {
        assertThatThrownBy(() -> integrator().search().byUrl("Flag?patient=" + PATIENT + "&status=closed")
                .returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(
                        ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics())
                        .contains("active, inactive"));
    }

    @Test
    void aClinicianOutsideTheCareTeamIsRefusedBothReadAndSearch() {
        IGenericClient ben = client(TestIssuer.clinician("ben"));
        assertThatThrownBy(() -> ben.read().resource(Flag.class).withId("a0000000-0000-4000-8000-000000000001")
                .execute()).isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> ben.search().byUrl("Flag?patient=" + PATIENT).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> ben.search().byUrl("Flag").returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(requests).noneMatch(r -> r.startsWith("/internal/v1/alerts?"));
    }

    @Test
    void aClinicianOfTheCareTeamSearchesTheirPatientsFlags() {
        Bundle bundle = client(TestIssuer.clinician("ada")).search().byUrl("Flag?patient=" + PATIENT)
                .returnBundle(Bundle.class).execute();
        assertThat(bundle.getEntry()).hasSize(3);
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    static String alert(String id, String status, String raisedAt, String resolvedAt) {
        return """
                {"id": "%s", "patientId": "%s", "type": "heart-rate", "category": "clinical", "severity": "high",
                 "rule": "heart-rate-high", "message": "Heart rate 142 /min is above 130 /min", "value": 142.0,
                 "unit": "/min", "observedAt": "%3$s", "raisedAt": "%3$s", "updatedAt": "%3$s", "status": "%4$s",
                 "deviceId": "dev-1", "readingId": "0b7f3c2e-0000-4000-8000-00000000a001",
                 "escalationLevel": 0%5$s}
                """.formatted(id, PATIENT, raisedAt, status,
                resolvedAt == null ? "" : ", \"resolvedAt\": \"" + resolvedAt + "\"");
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/internal/v1/", FlagApiIT::answer);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().toString();
        requests.add(target);
        if (target.startsWith("/internal/v1/subjects/ada/patients")) {
            send(exchange, 200, "{\"subject\": \"ada\", \"patients\": [{\"patientId\": \"" + PATIENT
                    + "\", \"basis\": \"care-team\"}]}");
        } else if (target.startsWith("/internal/v1/subjects/")) {
            send(exchange, 200, "{\"subject\": \"x\", \"patients\": []}");
        } else if (target.startsWith("/internal/v1/alerts?")) {
            String query = exchange.getRequestURI().getQuery();
            List<String> all = List.of(OPEN, ACKED, RESOLVED);
            List<String> chosen = all.stream().filter(a -> !query.contains("status=")
                    || a.contains("\"status\": \"" + query.replaceAll(".*status=([a-z]+).*", "$1") + "\""))
                    .filter(a -> !query.contains("from=2026-11-21T10:15") || !a.equals(RESOLVED)).toList();
            send(exchange, 200, "{\"alerts\": [" + String.join(",", chosen) + "]}");
        } else if (target.equals("/internal/v1/alerts/a0000000-0000-4000-8000-000000000001")) {
            send(exchange, 200, RESOLVED);
        } else {
            send(exchange, 404, "{\"title\": \"Not Found\", \"status\": 404}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
