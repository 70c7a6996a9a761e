package org.vigil.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * Who may do what through the FHIR API, driven through HAPI's client with real tokens from {@link TestIssuer}: SMART
 * system scopes for backend clients, care teams for clinicians (vitals-service's relationships answered by a stub),
 * their own record for patients, the audit log for admins. Every decision is read back from the real Kafka topic
 * {@code vigil.audit-recorded.v1}, found by the request's correlation id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirAccessIT {

    /** Every test request connects within 5 s and is answered within 30 s, or fails naming itself. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final String ADAS_PATIENT = "0a000000-0000-4000-8000-000000000001";
    static final String OTHER_PATIENT = "0a000000-0000-4000-8000-000000000002";
    static final String ADAS_READING = "0b000000-0000-4000-8000-000000000001";
    static final String OTHER_READING = "0b000000-0000-4000-8000-000000000002";
    static final String OTHER_SCORE = "0c000000-0000-4000-8000-000000000002";

    static final FhirContext FHIR = FhirContext.forR4();
    static final List<String> vitalsRequests = new CopyOnWriteArrayList<>();
    static final List<String> auditRequests = new CopyOnWriteArrayList<>();
    static final List<String> authorizations = new CopyOnWriteArrayList<>();
    static final HttpServer vitals = start(FhirAccessIT::vitals);
    static final HttpServer alert = start(FhirAccessIT::alert);
    static final HttpServer audit = start(FhirAccessIT::audit);

    @LocalServerPort
    int port;

    String correlationId;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VigilInfrastructure.registerKafka(registry);
        TestIssuer.register(registry);
        registry.add("vigil.vitals.url", () -> url(vitals));
        registry.add("VIGIL_VITALS_URL", () -> url(vitals));
        registry.add("vigil.alert.url", () -> url(alert));
        registry.add("vigil.audit.url", () -> url(audit));
    }

    @AfterAll
    static void stop() {
        vitals.stop(0);
        alert.stop(0);
        audit.stop(0);
    }

    @BeforeEach
    void reset() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        vitalsRequests.clear();
        auditRequests.clear();
        authorizations.clear();
    }

    // --- backend clients with SMART system scopes -------------------------------------------------------------

    @Test
    void anIntegratorWithObservationScopeSearchesAndReadsObservationsOfAnyPatient() {
        IGenericClient client = client(TestIssuer.integrator("acme", "system/Observation.rs"));

        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + OTHER_PATIENT)).returnBundle(Bundle.class).execute();
        AuditRecorded search = AuditRecords.of(correlationId);
        Observation read = client(TestIssuer.integrator("acme", "system/Observation.rs")).read()
                .resource(Observation.class).withId(ADAS_READING).execute();

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(OTHER_READING);
        assertThat(read.getSubject().getReference()).isEqualTo("Patient/" + ADAS_PATIENT);
        assertThat(search.action()).isEqualTo("search");
        assertThat(search.resource()).isEqualTo("Observation");
        assertThat(search.outcome()).isEqualTo("success");
        assertThat(search.agent()).isEqualTo("acme");
        assertThat(search.agentType()).isEqualTo("client");
        assertThat(search.patientIds()).containsExactly(OTHER_PATIENT);
        assertThat(search.request()).startsWith("GET /fhir/Observation?subject=");
        assertThat(AuditRecords.of(correlationId).patientIds()).containsExactly(ADAS_PATIENT);
    }

    @Test
    void anIntegratorWithoutPatientCreateScopeCannotCreateAPatientAndVitalsIsNotAsked() {
        IGenericClient client = client(TestIssuer.integrator("acme", "system/Observation.rs"));
        Patient patient = new Patient();
        patient.addName().setFamily("Jansen");

        assertThatThrownBy(() -> client.create().resource(patient).execute())
                .isInstanceOfSatisfying(ForbiddenOperationException.class, e -> assertThat(diagnostics(e))
                        .contains("do not allow"));
        assertThat(vitalsRequests).noneMatch(r -> r.startsWith("POST"));
        AuditRecorded denial = AuditRecords.of(correlationId);
        assertThat(denial.outcome()).isEqualTo("denied");
        assertThat(denial.action()).isEqualTo("create");
        assertThat(denial.resource()).isEqualTo("Patient");
    }

    @Test
    void anIntegratorWithPatientCreateScopeCreatesAPatientAndTheNewIdIsRecorded() {
        IGenericClient client = client(TestIssuer.integrator("acme", "system/Patient.c"));
        Patient patient = new Patient();
        patient.addName().setFamily("Jansen");

        client.create().resource(patient).execute();

        AuditRecorded created = AuditRecords.of(correlationId);
        assertThat(created.action()).isEqualTo("create");
        assertThat(created.outcome()).isEqualTo("success");
        assertThat(created.patientIds()).containsExactly(ADAS_PATIENT);
    }

    @Test
    void anIntegratorReadsAPatientOnlyWithAPatientReadScope() {
        assertThatThrownBy(() -> client(TestIssuer.integrator("acme", "system/Observation.rs")).read()
                .resource(Patient.class).withId(ADAS_PATIENT).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(vitalsRequests).noneMatch(r -> r.startsWith("GET /internal/v1/patients/"));

        Patient patient = client(TestIssuer.integrator("acme", "system/Patient.rs")).read().resource(Patient.class)
                .withId(ADAS_PATIENT).execute();

        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Lovelace");
    }

    @Test
    void anIntegratorMayNotSearchWithoutAPatientEitherButIsToldWhyWithA400() {
        assertThatThrownBy(() -> client(TestIssuer.integrator("acme", "system/Observation.rs")).search()
                .forResource(Observation.class).returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
    }

    // --- clinicians: their care teams' patients ---------------------------------------------------------------

    @Test
    void aClinicianReadsAndSearchesThePatientsOfTheirCareTeam() {
        Patient patient = client(TestIssuer.clinician("ada")).read().resource(Patient.class).withId(ADAS_PATIENT)
                .execute();
        Bundle bundle = client(TestIssuer.clinician("ada")).search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(ADAS_PATIENT)).returnBundle(Bundle.class).execute();

        assertThat(patient.getIdElement().getIdPart()).isEqualTo(ADAS_PATIENT);
        assertThat(bundle.getEntry()).hasSize(1);
        AuditRecorded search = AuditRecords.of(correlationId);
        assertThat(search.agent()).isEqualTo("ada");
        assertThat(search.agentType()).isEqualTo("user");
        assertThat(search.roles()).containsExactly("clinician");
        assertThat(search.patientIds()).containsExactly(ADAS_PATIENT);
    }

    @Test
    void aClinicianOutsideTheCareTeamIsRefusedWithoutLearningWhetherThePatientExists() {
        assertThatThrownBy(() -> client(TestIssuer.clinician("ben")).read().resource(Patient.class)
                .withId(ADAS_PATIENT).execute())
                .isInstanceOfSatisfying(ForbiddenOperationException.class, e -> assertThat(diagnostics(e))
                        .isEqualTo("You have no access to this patient's data."));
        assertThat(vitalsRequests).noneMatch(r -> r.startsWith("GET /internal/v1/patients/"));
        AuditRecorded denial = AuditRecords.of(correlationId);
        assertThat(denial.outcome()).isEqualTo("denied");
        assertThat(denial.agent()).isEqualTo("ben");
        assertThat(denial.patientIds()).containsExactly(ADAS_PATIENT);

        assertThatThrownBy(() -> client(TestIssuer.clinician("ben")).search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + ADAS_PATIENT)).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).read().resource(Observation.class)
                .withId(OTHER_READING).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).read().resource(Observation.class)
                .withId(OTHER_SCORE).execute())
                .as("a NEWS2 score is an Observation of its patient")
                .isInstanceOf(ForbiddenOperationException.class);
    }

    @Test
    void aClinicianSearchingWithoutAPatientIsToldToNameOne() {
        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).search().forResource(Observation.class)
                .where(Observation.CODE.exactly().code("8867-4")).returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(ForbiddenOperationException.class, e -> assertThat(diagnostics(e))
                        .contains("Name the patient"));
        assertThat(AuditRecords.of(correlationId).outcome()).isEqualTo("denied");
        assertThat(vitalsRequests).noneMatch(r -> r.startsWith("GET /internal/v1/readings"));
    }

    @Test
    void aClinicianCannotCreateAPatient() {
        Patient patient = new Patient();
        patient.addName().setFamily("Jansen");

        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).create().resource(patient).execute())
                .isInstanceOf(ForbiddenOperationException.class);
    }

    // --- writes: a Bundle entry passes exactly the checks of the direct interaction ------------------------------

    @Test
    void aClinicianWhoMayNotReplaceAPatientDirectlyCannotDoItAsATransactionOrBatchEntryEither() throws Exception {
        Patient patient = new Patient();
        patient.setId(ADAS_PATIENT);
        patient.addName().setFamily("Renamed");
        String ada = TestIssuer.clinician("ada");

        assertThat(direct("PUT", "Patient/" + ADAS_PATIENT, patient, ada)).isEqualTo(403);
        String correlation = UUID.randomUUID().toString();
        HttpResponse<String> transaction = post("", bundle("transaction", "PUT", "Patient/" + ADAS_PATIENT, patient),
                ada, correlation);

        assertThat(transaction.statusCode()).isEqualTo(403);
        assertThat(transaction.body()).contains("Bundle.entry[0]");
        assertThat(vitalsRequests).noneMatch(r -> r.startsWith("PUT") || r.contains("record-transactions"));
        AuditRecorded denial = AuditRecords.of(correlation);
        assertThat(denial.outcome()).isEqualTo("denied");
        assertThat(denial.resource()).isEqualTo("Patient");
        assertThat(entryStatus(post("", bundle("batch", "PUT", "Patient/" + ADAS_PATIENT, patient), ada,
                UUID.randomUUID().toString()))).isEqualTo(403);
    }

    /**
     * Every write a Bundle may hold, by every kind of caller and relationship to the patient: the entry of a
     * transaction and of a batch is refused (403) exactly when the direct interaction is.
     */
    @Test
    void everyBundleEntryIsRefusedExactlyWhenItsDirectInteractionIs() throws Exception {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("clinician in team", TestIssuer.clinician("ada"));
        callers.put("clinician outside", TestIssuer.clinician("ben"));
        callers.put("admin", TestIssuer.admin());
        callers.put("patient self", TestIssuer.patientUser("pat"));
        callers.put("integrator Patient.cru", TestIssuer.integrator("acme-pat", "system/Patient.cru"));
        callers.put("integrator Device.cru", TestIssuer.integrator("acme-dev", "system/Device.cru"));
        callers.put("integrator Observation.c", TestIssuer.integrator("acme-obs", "system/Observation.c"));
        Patient patient = new Patient();
        patient.addName().setFamily("Jansen");
        Device device = new Device().setManufacturer("Acme")
                .setSerialNumber("SN-matrix");
        Observation heartRate = new Observation();
        heartRate.addIdentifier().setSystem("urn:x").setValue("matrix-" + UUID.randomUUID());
        heartRate.setStatus(Observation.ObservationStatus.FINAL);
        heartRate.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        heartRate.setCode(new CodeableConcept(
                new Coding("http://loinc.org", "8867-4", "Heart rate")));
        heartRate.setSubject(new Reference("Patient/" + ADAS_PATIENT));
        heartRate.setEffective(new DateTimeType("2026-11-21T09:00:00Z"));
        heartRate.setValue(new Quantity().setValue(72).setUnit("beats/minute")
                .setSystem("http://unitsofmeasure.org").setCode("/min"));
        record Write(String method, String url, Resource resource) {
        }
        List<Write> writes = List.of(new Write("POST", "Patient", patient),
                new Write("PUT", "Patient/" + ADAS_PATIENT, patient.copy().setId(ADAS_PATIENT)),
                new Write("PUT", "Patient/" + OTHER_PATIENT, patient.copy().setId(OTHER_PATIENT)),
                new Write("POST", "Device", device),
                new Write("PUT", "Device/dev-1", device.copy().setId("dev-1")),
                new Write("POST", "Observation", heartRate));

        List<String> differ = new ArrayList<>();
        for (Write write : writes) {
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                boolean directRefused = direct(write.method(), write.url(), write.resource(), caller.getValue()) == 403;
                HttpResponse<String> transaction = post("", bundle("transaction", write.method(), write.url(),
                        write.resource()), caller.getValue(), UUID.randomUUID().toString());
                int batch = entryStatus(post("", bundle("batch", write.method(), write.url(), write.resource()),
                        caller.getValue(), UUID.randomUUID().toString()));
                String what = write.method() + " " + write.url() + " as " + caller.getKey() + ": direct "
                        + (directRefused ? "refused" : "allowed");
                if ((transaction.statusCode() == 403) != directRefused) {
                    differ.add(what + ", transaction entry " + transaction.statusCode() + " " + transaction.body());
                }
                if ((batch == 403) != directRefused) {
                    differ.add(what + ", batch entry " + batch);
                }
            }
        }
        assertThat(differ).isEmpty();
    }

    private int direct(String method, String url, Resource resource, String token)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/" + url))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .method(method, HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(
                        resource)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpResponse<String> post(String url, String body, String token, String correlation) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir" + url))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json").header("X-Correlation-Id", correlation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String bundle(String type, String method, String url, Resource resource) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.fromCode(type));
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(resource).getRequest()
                .setMethod(Bundle.HTTPVerb.fromCode(method)).setUrl(url);
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    /** The status of a batch's only entry (a refused batch as a whole counts with its own status). */
    private static int entryStatus(HttpResponse<String> batch) {
        if (batch.statusCode() != 200) {
            return batch.statusCode();
        }
        Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, batch.body());
        return Integer.parseInt(answer.getEntryFirstRep().getResponse().getStatus().substring(0, 3));
    }

    // --- patients: their own record ---------------------------------------------------------------------------

    @Test
    void aPatientReadsTheirOwnRecordButNoOneElses() {
        Observation own = client(TestIssuer.patientUser("pat")).read().resource(Observation.class)
                .withId(ADAS_READING).execute();
        Bundle ownSearch = client(TestIssuer.patientUser("pat")).search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(ADAS_PATIENT)).returnBundle(Bundle.class).execute();

        assertThat(own.getSubject().getReference()).isEqualTo("Patient/" + ADAS_PATIENT);
        assertThat(ownSearch.getEntry()).hasSize(1);
        assertThatThrownBy(() -> client(TestIssuer.patientUser("pat")).read().resource(Observation.class)
                .withId(OTHER_READING).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> client(TestIssuer.patientUser("pat")).read().resource(Patient.class)
                .withId(OTHER_PATIENT).execute())
                .isInstanceOf(ForbiddenOperationException.class);
    }

    // --- tokens --------------------------------------------------------------------------------------------

    @Test
    void noTokenIs401OperationOutcomeWithWwwAuthenticate() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient/" + ADAS_PATIENT)).timeout(TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/fhir+json"));
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("access token");
        assertThat(vitalsRequests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"expired", "wrongAudience", "wrongIssuer", "unknownKey", "algNone", "garbage"})
    void anInvalidTokenIs401(String kind) {
        String token = switch (kind) {
            case "expired" -> TestIssuer.expired("ada");
            case "wrongAudience" -> TestIssuer.wrongAudience("ada");
            case "wrongIssuer" -> TestIssuer.wrongIssuer("ada");
            case "unknownKey" -> TestIssuer.unknownKey("ada");
            case "algNone" -> TestIssuer.algNone("ada");
            default -> "not-a-jwt";
        };

        assertThatThrownBy(() -> client(token).read().resource(Patient.class).withId(ADAS_PATIENT).execute())
                .isInstanceOf(AuthenticationException.class);
        assertThat(vitalsRequests).isEmpty();
    }

    @Test
    void theCapabilityStatementIsOpenWithoutAToken() {
        IGenericClient anonymous = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");

        CapabilityStatement capabilities = anonymous.capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .contains("Patient", "Observation", "AuditEvent");
    }

    @Test
    void callsToInternalApisCarryTheServicesOwnToken() {
        client(TestIssuer.integrator("acme", "system/Observation.rs")).search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(ADAS_PATIENT)).returnBundle(Bundle.class).execute();

        assertThat(authorizations).isNotEmpty().allSatisfy(a -> {
            assertThat(a).startsWith("Bearer ");
            String payload = new String(Base64.getUrlDecoder().decode(a.substring(7).split("\\.")[1]),
                    StandardCharsets.UTF_8);
            assertThat(payload).contains("\"sub\":\"fhir-service\"", "internal:readings.read")
                    .doesNotContain("vigil.internal");
        });
    }

    // --- searches: page size, includes ----------------------------------------------------------------------

    @Test
    void aCountAboveTheMaximumIsClampedAndTheSelfLinkSaysSo() {
        Bundle bundle = client(TestIssuer.integrator("acme", "system/Observation.rs")).search()
                .forResource(Observation.class).where(Observation.PATIENT.hasId(ADAS_PATIENT)).count(5000)
                .returnBundle(Bundle.class).execute();

        assertThat(bundle.getLink("self").getUrl()).contains("_count=1000").doesNotContain("5000");
        assertThat(vitalsRequests).anyMatch(r -> r.contains("limit=1000"));
    }

    @Test
    void includedDevicesAreLookedUpOnlyForPatientsWhoseDevicesTheCallerMayRead() {
        client(TestIssuer.clinician("ada")).search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(ADAS_PATIENT)).include(Observation.INCLUDE_DEVICE)
                .returnBundle(Bundle.class).execute();
        assertThat(vitalsRequests).anyMatch(r -> r.equals("GET /internal/v1/device-records/dev-1"));
        vitalsRequests.clear();

        client(TestIssuer.integrator("acme", "system/Observation.rs")).search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(ADAS_PATIENT)).include(Observation.INCLUDE_DEVICE)
                .returnBundle(Bundle.class).execute();
        assertThat(vitalsRequests).as("no Device scope").noneMatch(r -> r.contains("/device-records"));
    }

    // --- the audit log as AuditEvent --------------------------------------------------------------------------

    @Test
    void anAdminSearchesTheAuditLogAsAuditEventsAndTheSearchIsItselfRecorded() {
        Bundle bundle = client(TestIssuer.admin()).search().forResource(AuditEvent.class)
                .where(AuditEvent.PATIENT.hasId(ADAS_PATIENT))
                .and(AuditEvent.AGENT.hasId("ada"))
                .and(AuditEvent.DATE.afterOrEquals().second("2026-11-21T00:00:00Z"))
                .count(20).returnBundle(Bundle.class).execute();

        assertThat(auditRequests).singleElement().satisfies(r -> assertThat(r)
                .startsWith("GET /internal/v1/audit-events?patientId=" + ADAS_PATIENT + "&agent=ada&from=2026-11-21")
                .endsWith("&limit=20"));
        assertThat(bundle.getEntry()).hasSize(2);
        AuditEvent event = (AuditEvent) bundle.getEntry().get(0).getResource();
        assertThat(event.getIdElement().getIdPart()).isEqualTo("e0000000-0000-4000-8000-000000000001");
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("ada");
        assertThat(event.getAgentFirstRep().getRequestor()).isTrue();
        assertThat(event.getAgentFirstRep().getNetwork().getAddress()).isEqualTo("10.0.0.7");
        assertThat(event.getSource().getObserver().getDisplay()).isEqualTo("vitals-service");
        assertThat(event.getEntity()).anySatisfy(e -> assertThat(e.getWhat().getReference())
                .isEqualTo("Patient/" + ADAS_PATIENT));
        AuditEvent breakGlass = (AuditEvent) bundle.getEntry().get(1).getResource();
        assertThat(breakGlass.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(breakGlass.getAgentFirstRep().getPurposeOfUseFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("BTG");
        AuditRecorded itself = AuditRecords.of(correlationId);
        assertThat(itself.resource()).isEqualTo("AuditEvent");
        assertThat(itself.action()).isEqualTo("search");
        assertThat(itself.patientIds()).containsExactly(ADAS_PATIENT);
    }

    @Test
    void aClinicianCannotSearchTheAuditLog() {
        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).search().forResource(AuditEvent.class)
                .returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(auditRequests).isEmpty();
        assertThat(AuditRecords.of(correlationId).outcome()).isEqualTo("denied");
    }

    @Test
    void aClientWithAnAuditEventScopeSearchesTheAuditLog() {
        Bundle bundle = client(TestIssuer.integrator("siem", "system/AuditEvent.rs")).search()
                .forResource(AuditEvent.class).returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).hasSize(2);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** A client with this bearer token and a fresh correlation id (kept in {@link #correlationId}). */
    private IGenericClient client(String token) {
        correlationId = UUID.randomUUID().toString();
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        AdditionalRequestHeadersInterceptor headers = new AdditionalRequestHeadersInterceptor();
        headers.addHeaderValue("X-Correlation-Id", correlationId);
        client.registerInterceptor(headers);
        return client;
    }

    private static String diagnostics(BaseServerResponseException e) {
        return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
    }

    // --- the other services' internal APIs ---------------------------------------------------------------------

    private static void vitals(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String target = exchange.getRequestURI().toString();
        vitalsRequests.add(method + " " + target);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        if (target.equals("/internal/v1/subjects/ada/patients")) {
            send(exchange, 200, """
                    {"subject": "ada", "patients": [{"patientId": "%s", "basis": "care-team"}]}"""
                    .formatted(ADAS_PATIENT));
        } else if (target.equals("/internal/v1/subjects/pat/patients")) {
            send(exchange, 200, """
                    {"subject": "pat", "patients": [{"patientId": "%s", "basis": "self"}]}""".formatted(ADAS_PATIENT));
        } else if (target.startsWith("/internal/v1/subjects/")) {
            send(exchange, 200, "{\"subject\": \"someone\", \"patients\": []}");
        } else if (method.equals("POST") && target.equals("/internal/v1/patients")) {
            exchange.getRequestBody().readAllBytes();
            send(exchange, 201, """
                    {"id": "%s", "versionId": "1", "lastUpdated": "2026-11-21T10:00:00Z"}""".formatted(ADAS_PATIENT));
        } else if (target.startsWith("/internal/v1/patients/")) {
            String id = target.substring("/internal/v1/patients/".length());
            send(exchange, 200, """
                    {"id": "%s", "versionId": "1", "lastUpdated": "2026-11-21T10:00:00Z",
                     "resource": {"resourceType": "Patient", "name": [{"family": "Lovelace"}]}}""".formatted(id));
        } else if (target.startsWith("/internal/v1/readings?patientId=")) {
            boolean ada = target.contains(ADAS_PATIENT);
            send(exchange, 200, "{\"readings\": [" + reading(ada ? ADAS_READING : OTHER_READING,
                    ada ? ADAS_PATIENT : OTHER_PATIENT) + "]}");
        } else if (target.startsWith("/internal/v1/observation-documents?")) {
            send(exchange, 200, target.contains("count=true") ? "{\"total\": 0}" : "{\"documents\": []}");
        } else if (target.equals("/internal/v1/readings/" + ADAS_READING)) {
            send(exchange, 200, reading(ADAS_READING, ADAS_PATIENT));
        } else if (target.equals("/internal/v1/readings/" + OTHER_READING)) {
            send(exchange, 200, reading(OTHER_READING, OTHER_PATIENT));
        } else {
            send(exchange, 404, "{\"status\": 404}");
        }
    }

    private static String reading(String id, String patientId) {
        return """
                {"id": "%s", "deviceId": "dev-1", "readingId": "hr-1", "patientId": "%s", "type": "heart-rate",
                 "time": "2026-11-21T09:59:00Z", "receivedAt": "2026-11-21T09:59:01Z", "value": 72.0,
                 "unit": "/min"}""".formatted(id, patientId);
    }

    private static void alert(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().toString();
        if (target.equals("/internal/v1/news2/scores/" + OTHER_SCORE)) {
            send(exchange, 200, """
                    {"id": "%s", "patientId": "%s", "total": 1, "risk": "low", "scale": 1, "complete": true,
                     "missing": [], "subScores": {"respirationRate": 0, "spo2": 0, "airOrOxygen": 0, "systolic": 0,
                     "pulse": 1, "consciousness": 0, "temperature": 0}, "computedAt": "2026-11-21T10:05:00Z",
                     "basedOn": []}""".formatted(OTHER_SCORE, OTHER_PATIENT));
        } else if (target.contains("/news2/scores")) {
            send(exchange, 200, "{\"scores\": []}");
        } else {
            send(exchange, 404, "{\"status\": 404}");
        }
    }

    private static void audit(HttpExchange exchange) throws IOException {
        auditRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        send(exchange, 200, """
                {"events": [
                  {"seq": 41, "hash": "ab12", "eventId": "e0000000-0000-4000-8000-000000000001",
                   "recordedAt": "2026-11-21T10:00:00.123Z", "storedAt": "2026-11-21T10:00:00.200Z",
                   "service": "vitals-service", "action": "search", "resource": "Observation",
                   "outcome": "success", "agent": "ada", "agentType": "user", "clientId": "vigil-dashboard",
                   "roles": ["clinician"], "patientIds": ["%1$s"],
                   "request": "GET /api/v1/patients/%1$s/vitals?type=heart-rate", "sourceAddress": "10.0.0.7",
                   "correlationId": "c0000000-0000-4000-8000-000000000001", "breakGlass": false},
                  {"seq": 42, "hash": "cd34", "eventId": "e0000000-0000-4000-8000-000000000002",
                   "recordedAt": "2026-11-21T10:01:00Z", "storedAt": "2026-11-21T10:01:00.100Z",
                   "service": "vitals-service", "action": "read", "resource": "Patient", "outcome": "success",
                   "agent": "ada", "agentType": "user", "roles": ["clinician"], "patientIds": ["%1$s"],
                   "request": "GET /api/v1/patients/%1$s", "sourceAddress": "10.0.0.7",
                   "reason": "break-glass grant", "breakGlass": true}],
                 "next": 43}""".formatted(ADAS_PATIENT));
    }

    private static HttpServer start(com.sun.net.httpserver.HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/internal/v1/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String url(HttpServer server) {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
