package org.vigil.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * The FHIR API driven through HAPI's own client, with vitals-service's internal API played by an in-test HTTP server
 * answering in the shapes of docs/architecture.md.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FhirApiIT {

    /** Every test request connects within 5 s and is answered within 30 s, or fails naming itself. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final String PATIENT_ID = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11";
    static final String BP_READING = """
            {"id": "0b7f3c2e-0000-4000-8000-00000000b001", "deviceId": "dev-1", "readingId": "bp-000001",
             "patientId": "%s", "type": "blood-pressure", "time": "2026-11-21T10:00:00Z",
             "receivedAt": "2026-11-21T10:00:01.250Z", "unit": "mm[Hg]", "systolic": 132.0, "diastolic": 84.0}
            """.formatted(PATIENT_ID);
    static final String HR_READING = """
            {"id": "0b7f3c2e-0000-4000-8000-00000000a001", "deviceId": "dev-1", "readingId": "hr-000001",
             "patientId": "%s", "type": "heart-rate", "time": "2026-11-21T09:59:00Z",
             "receivedAt": "2026-11-21T09:59:00.500Z", "value": 72.0, "unit": "/min"}
            """.formatted(PATIENT_ID);

    static final String SCORE_ID = "5d0c3f7e-0000-4000-8000-000000000002";
    /** Two scores, newest first, in the shape of alert-service's internal API (the issue 4 brief's contract). */
    static final String NEWS2_SCORES = """
            {"scores": [
              {"id": "%1$s", "patientId": "%2$s", "total": 5, "risk": "medium", "scale": 1, "complete": true,
               "missing": [], "subScores": {"respirationRate": 2, "spo2": 1, "airOrOxygen": 0, "systolic": 0,
               "pulse": 1, "consciousness": 0, "temperature": 1}, "computedAt": "2026-11-21T10:05:00Z",
               "basedOn": ["0b7f3c2e-0000-4000-8000-00000000a001", "0b7f3c2e-0000-4000-8000-00000000b001"]},
              {"id": "5d0c3f7e-0000-4000-8000-000000000001", "patientId": "%2$s", "total": null, "risk": null,
               "scale": 1, "complete": false, "missing": ["temperature"], "subScores": {"respirationRate": 0,
               "spo2": 0, "airOrOxygen": 0, "systolic": 0, "pulse": 1, "consciousness": 0, "temperature": null},
               "computedAt": "2026-11-21T09:05:00Z", "basedOn": ["0b7f3c2e-0000-4000-8000-00000000a001"]}]}
            """.formatted(SCORE_ID, PATIENT_ID);

    static final String RR_READING = """
            {"id": "0b7f3c2e-0000-4000-8000-00000000c001", "deviceId": "dev-1", "readingId": "rr-000001",
             "patientId": "%s", "type": "rr-intervals", "time": "2026-11-21T09:50:00Z",
             "receivedAt": "2026-11-21T09:50:03Z", "values": [812.0, 790.0, 805.0], "unit": "ms"}
            """.formatted(PATIENT_ID);
    static final String FALL_READING = """
            {"id": "0b7f3c2e-0000-4000-8000-00000000d001", "deviceId": "dev-1", "readingId": "fall-000001",
             "patientId": "%s", "type": "fall", "time": "2026-11-21T09:55:00Z",
             "receivedAt": "2026-11-21T09:55:00.400Z", "latitude": 51.5072, "longitude": -0.1276}
            """.formatted(PATIENT_ID);

    static final FhirContext FHIR = FhirContext.forR4();
    static final HttpServer vitals = startVitals();
    static final HttpServer alert = startAlert();
    static final List<String> alertRequests = new CopyOnWriteArrayList<>();
    static final List<String> requests = new CopyOnWriteArrayList<>();
    static final AtomicReference<String> storedPatient = new AtomicReference<>();

    @LocalServerPort
    int port;

    IGenericClient client;

    /** A backend client that may do everything these tests do, for every patient. */
    static final String TOKEN = TestIssuer.integrator("ehr", "system/Patient.crs system/Observation.rs");

    @DynamicPropertySource
    static void vitalsUrl(DynamicPropertyRegistry registry) {
        VigilInfrastructure.registerKafka(registry);
        TestIssuer.register(registry);
        registry.add("vigil.vitals.url", () -> "http://localhost:" + vitals.getAddress().getPort());
        registry.add("VIGIL_VITALS_URL", () -> "http://localhost:" + vitals.getAddress().getPort());
        registry.add("vigil.alert.url", () -> "http://localhost:" + alert.getAddress().getPort());
    }

    @AfterAll
    static void stopVitals() {
        vitals.stop(0);
        alert.stop(0);
    }

    @BeforeEach
    void client() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TOKEN));
        requests.clear();
        alertRequests.clear();
    }

    @Test
    void createdPatientGets201WithVersionedLocationAndReadsBackWithMeta() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.2.4.6.3").setValue("999911120");
        patient.addName().setFamily("Jansen").addGiven("Anna").addGiven("Maria");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1950-03-14"));

        MethodOutcome created = client.create().resource(patient).execute();

        assertThat(created.getCreated()).isTrue();
        assertThat(created.getId().getValue())
                .isEqualTo("http://localhost:" + port + "/fhir/Patient/" + PATIENT_ID + "/_history/1");
        String sent = requests.stream().filter(r -> r.startsWith("POST /internal/v1/patients")).findFirst()
                .orElseThrow();
        assertThat(sent).contains("\"identifiers\":[\"urn:oid:2.16.840.1.113883.2.4.6.3|999911120\"]",
                "\"family\":\"Jansen\"", "\"given\":\"Anna Maria\"", "\"birthDate\":\"1950-03-14\"",
                "\"resourceType\":\"Patient\"");

        Patient read = client.read().resource(Patient.class).withId(PATIENT_ID).execute();

        assertThat(read.getIdElement().getIdPart()).isEqualTo(PATIENT_ID);
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        assertThat(read.getMeta().getLastUpdated().toInstant()).hasToString("2026-11-21T10:00:00Z");
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Jansen");
        assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo("999911120");
    }

    @Test
    void locationUsesTheGatewayAddressFromForwardedHeaders() {
        AdditionalRequestHeadersInterceptor forwarded = new AdditionalRequestHeadersInterceptor();
        forwarded.addHeaderValue("X-Forwarded-Host", "localhost:8080");
        forwarded.addHeaderValue("X-Forwarded-Proto", "http");
        forwarded.addHeaderValue("X-Forwarded-Port", "8080");
        client.registerInterceptor(forwarded);
        Patient patient = new Patient();
        patient.addName().setFamily("Visser");

        MethodOutcome created = client.create().resource(patient).execute();

        assertThat(created.getId().getValue())
                .isEqualTo("http://localhost:8080/fhir/Patient/" + PATIENT_ID + "/_history/1");
    }

    @Test
    void unknownPatientIs404OperationOutcome() {
        assertThatThrownBy(() -> client.read().resource(Patient.class).withId("no-such-patient").execute())
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics())
                        .contains("no-such-patient"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "{\"resourceType\":\"Patient\",\"birthDate\":\"yesterday\"}#yesterday",
            "{\"resourceType\":\"Patient\",\"nmae\":[{\"family\":\"X\"}]}#nmae",
            "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:x\"}]}#identifier",
            "{\"resourceType\":\"Observation\",\"status\":\"final\"}#Patient"})
    void invalidPatientIsRejectedWithADiagnostic(String json, String named) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient")).timeout(TIMEOUT)
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isBetween(400, 422);
        assertThat(response.body()).contains("OperationOutcome", named);
        assertThat(requests).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void bloodPressureSearchBySubjectAndCodeIsOneObservationWithTwoComponents() {
        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + PATIENT_ID))
                .and(Observation.CODE.exactly().systemAndCode("http://loinc.org", "85354-9"))
                .returnBundle(Bundle.class).execute();

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(bundle.getEntry()).hasSize(1);
        Observation bp = (Observation) bundle.getEntryFirstRep().getResource();
        assertThat(bp.getIdElement().getIdPart()).isEqualTo("0b7f3c2e-0000-4000-8000-00000000b001");
        assertThat(bp.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9");
        assertThat(bp.hasValue()).isFalse();
        assertThat(bp.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .containsExactly("8480-6", "8462-4");
        assertThat(bp.getComponent()).extracting(c -> c.getValueQuantity().getValue().intValue())
                .containsExactly(132, 84);
        assertThat(requests).anyMatch(r -> r.startsWith("GET /internal/v1/readings?patientId=" + PATIENT_ID
                + "&type=blood-pressure&order=desc&limit=101"));
    }

    @Test
    void codeFromAnotherSystemOrUnknownLoincGivesAnEmptyBundleWithoutAskingVitals() {
        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(PATIENT_ID))
                .and(Observation.CODE.exactly().systemAndCode("http://snomed.info/sct", "85354-9"))
                .returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).isEmpty();
        assertThat(requests).noneMatch(r -> r.startsWith("GET /internal/v1/readings"));
    }

    @Test
    void anUnparseableSearchValueIsA400AndNeverReachesTheLog(CapturedOutput output) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/fhir/Observation?subject=Patient/p-1&date=1948-03-0Q"))
                        .timeout(TIMEOUT).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("OperationOutcome");
        assertThat(output.getAll()).doesNotContain("1948-03-0Q");
    }

    @Test
    void searchWithoutPatientIs400() {
        assertThatThrownBy(() -> client.search().forResource(Observation.class)
                .where(Observation.CODE.exactly().code("8867-4")).returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("subject");
    }

    @Test
    void observationReadMapsTheReadingView() {
        Observation hr = client.read().resource(Observation.class).withId("0b7f3c2e-0000-4000-8000-00000000a001")
                .execute();

        assertThat(hr.getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
        assertThat(hr.getValueQuantity().getValue().intValue()).isEqualTo(72);
        assertThat(hr.getSubject().getReference()).isEqualTo("Patient/" + PATIENT_ID);
    }

    @Test
    void news2SearchBySnomedCodeAnswersAlertServicesScoresAsObservationsNewestFirst() {
        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + PATIENT_ID))
                .and(Observation.CODE.exactly().systemAndCode("http://snomed.info/sct", "1104051000000101"))
                .returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).hasSize(2);
        Observation newest = (Observation) bundle.getEntry().get(0).getResource();
        assertThat(newest.getIdElement().getIdPart()).isEqualTo(SCORE_ID);
        assertThat(newest.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://snomed.info/sct");
        assertThat(newest.getCode().getCodingFirstRep().getCode()).isEqualTo("1104051000000101");
        assertThat(newest.getValueIntegerType().getValue()).isEqualTo(5);
        assertThat(newest.getSubject().getReference()).isEqualTo("Patient/" + PATIENT_ID);
        assertThat(newest.getEffectiveDateTimeType().getValueAsString()).startsWith("2026-11-21T10:05:00");
        assertThat(newest.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .startsWith("respirationRate", "spo2", "airOrOxygen", "systolic", "pulse", "consciousness",
                        "temperature");
        assertThat(newest.getComponent().get(0).getValueIntegerType().getValue()).isEqualTo(2);
        assertThat(newest.getDerivedFrom()).extracting(r -> r.getReference()).containsExactly(
                "Observation/0b7f3c2e-0000-4000-8000-00000000a001", "Observation/0b7f3c2e-0000-4000-8000-00000000b001");
        Observation older = (Observation) bundle.getEntry().get(1).getResource();
        assertThat(older.getComponent().get(6).hasValue()).isFalse();
        assertThat(older.getComponent().get(6).getDataAbsentReason().getCodingFirstRep().getCode())
                .isEqualTo("not-performed");
        assertThat(alertRequests).containsExactly(
                "GET /internal/v1/patients/" + PATIENT_ID + "/news2/scores?limit=101");
        assertThat(requests).noneMatch(r -> r.startsWith("GET /internal/v1/readings"));
    }

    @Test
    void news2SearchPassesTheDateRangeToAlertService() {
        client.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(PATIENT_ID))
                .and(Observation.CODE.exactly().code("1104051000000101"))
                .and(Observation.DATE.afterOrEquals().second("2026-11-21T09:00:00Z"))
                .and(Observation.DATE.beforeOrEquals().second("2026-11-21T11:00:00Z"))
                .count(5)
                .returnBundle(Bundle.class).execute();

        assertThat(alertRequests).singleElement().satisfies(r -> assertThat(r)
                .startsWith("GET /internal/v1/patients/" + PATIENT_ID + "/news2/scores?from=2026-11-21T09:00:00Z")
                .contains("&to=2026-11-21T11:00:")
                .endsWith("&limit=6"));
    }

    @Test
    void aNews2ScoreIdIsReadFromAlertServiceAfterVitalsServiceDoesNotKnowIt() {
        Observation score = client.read().resource(Observation.class).withId(SCORE_ID).execute();

        assertThat(score.getCode().getCodingFirstRep().getCode()).isEqualTo("1104051000000101");
        assertThat(score.getValueIntegerType().getValue()).isEqualTo(5);
        assertThat(requests).anyMatch(r -> r.startsWith("GET /internal/v1/readings/" + SCORE_ID));
        assertThat(alertRequests).containsExactly("GET /internal/v1/news2/scores/" + SCORE_ID);
    }

    @Test
    void anIdNeitherServiceKnowsIs404() {
        assertThatThrownBy(() -> client.read().resource(Observation.class)
                .withId("5d0c3f7e-0000-4000-8000-00000000ffff").execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aSearchWithoutCodeHasTheReadingsAndTheScoresNewestFirst() {
        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + PATIENT_ID))
                .returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(
                SCORE_ID, "0b7f3c2e-0000-4000-8000-00000000b001", "0b7f3c2e-0000-4000-8000-00000000a001",
                "5d0c3f7e-0000-4000-8000-000000000001");
    }

    @Test
    void aSearchAnswerOfAFewKilobytesLeavesWholeWithItsLength() throws Exception {
        // HAPI's JSON encoder flushes after every value; passed through, each flush was one HTTP chunk (about a
        // hundred for this Bundle, thousands for a page of 100 Observations). Held until the end, the answer fits
        // the container's buffer and goes out in one piece with its length.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 5_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET /fhir/Observation?subject=Patient/" + PATIENT_ID + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);

            assertThat(head).startsWith("http/1.1 200").doesNotContain("transfer-encoding")
                    .contains("content-length: " + body.getBytes(StandardCharsets.UTF_8).length);
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, body);
            assertThat(bundle.getEntry()).hasSize(4);
        }
    }

    @Test
    void aSearchAnswerAskedForGzipIsCompressedAndWhole() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/fhir/Observation?subject=Patient/" + PATIENT_ID))
                        .timeout(TIMEOUT).header("Authorization", "Bearer " + TOKEN).header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String json;
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            json = new String(unzipped.readAllBytes(), StandardCharsets.UTF_8);
        }
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, json);
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(
                SCORE_ID, "0b7f3c2e-0000-4000-8000-00000000b001", "0b7f3c2e-0000-4000-8000-00000000a001",
                "5d0c3f7e-0000-4000-8000-000000000001");
        assertThat(bundle.getEntry()).allSatisfy(e -> assertThat(e.getFullUrl()).isEqualTo(
                "http://localhost:" + port + "/fhir/Observation/" + e.getResource().getIdElement().getIdPart()));
        assertThat(bundle.hasTotal()).as("a page does not know the total").isFalse();
    }

    @Test
    void rrIntervalsAndAFallAreFoundByTheirCodes() {
        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + PATIENT_ID))
                .and(Observation.CODE.exactly().codings(new org.hl7.fhir.r4.model.Coding("http://loinc.org", "8637-1", null),
                        new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "1912002", null)))
                .returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).hasSize(2);
        Observation fall = (Observation) bundle.getEntry().get(0).getResource();
        assertThat(fall.getCode().getCodingFirstRep().getCode()).isEqualTo("1912002");
        assertThat(fall.getContained()).hasSize(1);
        Observation rr = (Observation) bundle.getEntry().get(1).getResource();
        assertThat(rr.getValueSampledData().getData()).isEqualTo("812 790 805");
        assertThat(requests).anyMatch(r -> r.contains("type=rr-intervals,fall"));
        assertThat(alertRequests).isEmpty();
    }

    @Test
    void alertServiceFailingIs503NotA500() {
        assertThatThrownBy(() -> client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/alert-breaks"))
                .and(Observation.CODE.exactly().code("1104051000000101"))
                .returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(BaseServerResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(503));
    }

    @Test
    void vitalsFailingIs503NotA500() {
        assertThatThrownBy(() -> client.read().resource(Patient.class).withId("vitals-breaks").execute())
                .isInstanceOfSatisfying(BaseServerResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(503));
    }

    private static HttpServer startVitals() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/internal/v1/", FhirApiIT::answer);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer startAlert() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/internal/v1/", FhirApiIT::answerAsAlert);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answerAsAlert(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().toString();
        alertRequests.add(exchange.getRequestMethod() + " " + target);
        if (target.startsWith("/internal/v1/patients/" + PATIENT_ID + "/news2/scores")) {
            send(exchange, 200, NEWS2_SCORES);
        } else if (target.equals("/internal/v1/news2/scores/" + SCORE_ID)) {
            int start = NEWS2_SCORES.indexOf('[') + 1;
            int end = NEWS2_SCORES.indexOf("]},", start) + 2;
            send(exchange, 200, NEWS2_SCORES.substring(start, end));
        } else if (target.startsWith("/internal/v1/patients/alert-breaks/")) {
            send(exchange, 500, "{}");
        } else {
            send(exchange, 404, "{\"title\": \"Not Found\", \"status\": 404}");
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String target = exchange.getRequestURI().toString();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + target + " " + body);
        if (method.equals("POST") && target.equals("/internal/v1/patients")) {
            int start = body.indexOf("\"resource\":") + "\"resource\":".length();
            storedPatient.set(body.substring(start, body.indexOf(",\"identifiers\"")));
            send(exchange, 201, """
                    {"id": "%s", "versionId": "1", "lastUpdated": "2026-11-21T10:00:00Z"}""".formatted(PATIENT_ID));
        } else if (target.equals("/internal/v1/patients/" + PATIENT_ID) && storedPatient.get() != null) {
            send(exchange, 200, """
                    {"id": "%s", "versionId": 1, "lastUpdated": "2026-11-21T10:00:00Z", "resource": %s}"""
                    .formatted(PATIENT_ID, storedPatient.get()));
        } else if (target.equals("/internal/v1/patients/vitals-breaks")) {
            send(exchange, 500, "{}");
        } else if (target.startsWith("/internal/v1/readings?") && target.contains("type=")) {
            // One call for a list of types (issue 5 contract), newest first.
            List<String> found = new java.util.ArrayList<>();
            for (String reading : List.of(BP_READING, HR_READING, FALL_READING, RR_READING)) {
                String type = reading.replaceAll("(?s).*\"type\": \"([a-z-]+)\".*", "$1");
                if (java.util.Arrays.asList(target.replaceAll(".*type=([a-z,-]+).*", "$1").split(",")).contains(type)) {
                    found.add(reading);
                }
            }
            send(exchange, 200, "{\"readings\": [" + String.join(",", found) + "]}");
        } else if (target.startsWith("/internal/v1/readings?")) {
            send(exchange, 200, "{\"readings\": [" + BP_READING + "," + HR_READING + "]}");
        } else if (target.startsWith("/internal/v1/observation-documents?")) {
            send(exchange, 200, target.contains("count=true") ? "{\"total\": 0}" : "{\"documents\": []}");
        } else if (target.equals("/internal/v1/readings/0b7f3c2e-0000-4000-8000-00000000a001")) {
            send(exchange, 200, HR_READING);
        } else {
            send(exchange, 404, "{\"title\": \"Not Found\", \"status\": 404}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
