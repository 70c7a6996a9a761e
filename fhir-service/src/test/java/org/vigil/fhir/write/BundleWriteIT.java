package org.vigil.fhir.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.vigil.fhir.write.VitalsStub.DEVICE_ID;
import static org.vigil.fhir.write.VitalsStub.PATIENT_ID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.security.AuditTrail;
import org.vigil.service.security.AuditUnavailableException;
import org.vigil.testsupport.ChunkedBody;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transaction and batch Bundles through HAPI's client, with vitals-service stubbed: a transaction is ONE record
 * transaction (what is sent is asserted here; what vitals-service does with it is its RecordTransactionsIT, and the
 * whole path e2e-tests' FhirIT); a batch's Observations are posted one by one and land on a real (embedded) Kafka
 * topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BundleWriteIT {

    static final FhirContext FHIR = FhirContext.forR4();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final VitalsStub vitals = new VitalsStub();
    static final String KAFKA = VigilInfrastructure.kafkaBootstrapServers();
    static final ReadingTopic topic = new ReadingTopic(KAFKA);

    @LocalServerPort
    int port;

    /** The real audit trail, made to fail for one test (the record of a Patient create). */
    @MockitoSpyBean
    AuditTrail audit;

    IGenericClient client;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KAFKA);
        TestIssuer.register(registry);
        registry.add("vigil.vitals.url", vitals::url);
        registry.add("VIGIL_VITALS_URL", vitals::url);
    }

    @AfterAll
    static void stop() {
        vitals.server.stop(0);
        topic.close();
    }

    @BeforeEach
    void client() {
        vitals.reset();
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestIssuer.integrator("bundle-client",
                "system/Observation.crs system/Patient.crus system/Device.crus")));
    }

    @Test
    void aTransactionIsOneRecordTransactionOfItsPatientDeviceAndReadingsNamedByFullUrl() {
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        String deviceUrl = "urn:uuid:" + UUID.randomUUID();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:mrn").setValue("mrn-" + UUID.randomUUID());
        patient.addName().setFamily("Jansen").addGiven("Anna");
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient").setIfNoneExist("identifier=urn:mrn|x");
        Device device = new Device().setManufacturer("Acme").setSerialNumber("SN-" + UUID.randomUUID());
        device.setPatient(new Reference(patientUrl));
        bundle.addEntry().setFullUrl(deviceUrl).setResource(device).getRequest().setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Device");
        Observation heartRate = ObservationWriteIT.heartRate("tx-" + UUID.randomUUID(), 64);
        heartRate.setSubject(new Reference(patientUrl)).setDevice(new Reference(deviceUrl));
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(heartRate).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Observation bloodPressure = ObservationWriteIT.example("blood-pressure");
        bloodPressure.setSubject(new Reference(patientUrl));
        bundle.addEntry().setResource(bloodPressure).getRequest().setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        Bundle answer = client.transaction().withBundle(bundle).execute();

        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        List<String> statuses = answer.getEntry().stream().map(e -> e.getResponse().getStatus()).toList();
        assertThat(statuses).allMatch(s -> s.startsWith("201"));
        assertThat(location(answer, 0, "Patient")).startsWith("patient-");
        assertThat(location(answer, 1, "Device")).startsWith("device-");
        assertThat(vitals.requests).noneMatch(r -> r.contains("reading-claims"));
        JsonNode entries = transaction().get("entries");
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0).get("ref").asString()).isEqualTo(patientUrl);
        assertThat(entries.get(0).get("ifNoneExist").asString()).isEqualTo("identifier=urn:mrn|x");
        assertThat(entries.get(1).get("device").get("patientRef").asString()).isEqualTo(patientUrl);

        JsonNode hr = entries.get(2);
        assertThat(hr.get("kind").asString()).isEqualTo("reading");
        assertThat(hr.get("reading").get("patientRef").asString()).isEqualTo(patientUrl);
        assertThat(hr.get("reading").get("deviceRef").asString()).isEqualTo(deviceUrl);
        ReadingRecorded hrEvent = event(hr);
        assertThat(location(answer, 2, "Observation")).isEqualTo(hrEvent.eventId().toString());
        assertThat(hrEvent.type()).isEqualTo("heart-rate");
        assertThat(hrEvent.value()).isEqualTo(64.0);
        assertThat(hrEvent.resource()).as("references to entries stay fullUrls, for vitals-service to resolve")
                .contains("\"reference\":\"" + patientUrl + "\"", "\"reference\":\"" + deviceUrl + "\"");

        JsonNode bp = entries.get(3);
        assertThat(bp.get("reading").get("patientRef").asString()).isEqualTo(patientUrl);
        assertThat(bp.get("reading").has("deviceRef")).isFalse();
        ReadingRecorded bpEvent = event(bp);
        assertThat(bpEvent.systolic()).isEqualTo(107.0);
        assertThat(bpEvent.deviceId()).isEqualTo("fhir:bundle-client");
        assertThat(location(answer, 3, "Observation")).isEqualTo(bpEvent.eventId().toString());
    }

    @Test
    void aPanelAndItsMembersAreOneTransactionTheMembersNamedByTheirFullUrls() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String heartRateUrl = "urn:uuid:" + UUID.randomUUID();
        Observation heartRate = ObservationWriteIT.example("heart-rate");
        heartRate.setSubject(new Reference("Patient/" + PATIENT_ID));
        bundle.addEntry().setFullUrl(heartRateUrl).setResource(heartRate).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Observation panel = ObservationWriteIT.example("vitals-panel");
        panel.setSubject(new Reference("Patient/" + PATIENT_ID));
        panel.getHasMember().clear();
        panel.addHasMember(new Reference(heartRateUrl));
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(panel).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

        Bundle answer = client.transaction().withBundle(bundle).execute();

        assertThat(answer.getEntry()).allMatch(e -> e.getResponse().getStatus().startsWith("201"));
        JsonNode entries = transaction().get("entries");
        assertThat(entries.get(0).get("kind").asString()).isEqualTo("reading");
        assertThat(entries.get(0).get("ref").asString()).isEqualTo(heartRateUrl);
        JsonNode document = entries.get(1).get("document");
        assertThat(entries.get(1).get("kind").asString()).isEqualTo("document");
        assertThat(location(answer, 1, "Observation")).isEqualTo(document.get("id").asString());
        assertThat(document.get("patientId").asString()).isEqualTo(PATIENT_ID);
        assertThat(document.get("resource").get("hasMember").get(0).get("reference").asString())
                .isEqualTo(heartRateUrl);
    }

    /**
     * The audit trail fails after vitals-service committed the transaction: the 503 must not say that nothing
     * changed; it says the transaction was written and that a conditional retry gets its answer.
     */
    @Test
    void anAuditTrailFailingAfterTheCommitIsA503SayingTheTransactionWasWritten() {
        doThrow(new AuditUnavailableException()).when(audit).record(argThat(event -> event != null
                && event.action().equals("create") && event.resource().equals("Patient")));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addName().setFamily("Smit");
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(patient).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");

        try {
            assertThatThrownBy(() -> client.transaction().withBundle(bundle).execute())
                    .isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(503);
                        assertThat(diagnostics(e)).contains("The transaction was written", "If-None-Exist")
                                .doesNotContain("Nothing was read or changed");
                    });
        } finally {
            reset(audit);
        }
        assertThat(vitals.requests).anyMatch(r -> r.startsWith("POST /internal/v1/record-transactions"));
    }

    /** Many Observations of one patient and device: one access decision and one look-up of each, not one per entry. */
    @Test
    void aBundleOfOnePatientsReadingsChecksThePatientAndDeviceOnce() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 3; i++) {
            Observation reading = ObservationWriteIT.heartRate("once-" + UUID.randomUUID(), 60 + i);
            reading.setDevice(new Reference("Device/" + DEVICE_ID));
            bundle.addEntry().setResource(reading).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        }

        Bundle answer = client.transaction().withBundle(bundle).execute();

        assertThat(answer.getEntry()).hasSize(3).allMatch(e -> e.getResponse().getStatus().startsWith("201"));
        assertThat(vitals.requests).filteredOn(r -> r.startsWith("GET /internal/v1/patients/" + PATIENT_ID))
                .hasSize(1);
        assertThat(vitals.requests).filteredOn(r -> r.startsWith("GET /internal/v1/device-records/" + DEVICE_ID))
                .hasSize(1);
        verify(audit, times(1)).record(argThat(event -> event != null && event.action().equals("create")
                && event.resource().equals("Observation") && event.patientIds().contains(PATIENT_ID)));
    }

    @Test
    void aReadingStillOnItsWayIsA503NamingWhyWithRetryAfter() {
        vitals.transactionStatus = 503;
        vitals.transactionProblem = "{\"title\": \"Service Unavailable\", \"status\": 503, \"detail\": \"an"
                + " Observation with the same identifier was accepted moments ago and is still being stored; retry the"
                + " transaction\", \"ref\": \"r\"}";
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Observation observation = ObservationWriteIT.heartRate("busy-" + UUID.randomUUID(), 70);
        bundle.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

        assertThatThrownBy(() -> client.transaction().withBundle(bundle).execute())
                .isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(503);
                    assertThat(diagnostics(e)).contains("still being stored", "retry");
                });
    }

    @Test
    void aBundleOfMoreEntriesThanTheCapIs413NamingTheCapAndWritesNothing() {
        for (Bundle.BundleType type : List.of(Bundle.BundleType.TRANSACTION, Bundle.BundleType.BATCH)) {
            vitals.reset();
            Bundle bundle = new Bundle().setType(type);
            for (int i = 0; i < 1001; i++) {
                bundle.addEntry().setResource(ObservationWriteIT.heartRate("cap-" + UUID.randomUUID(), 60)).getRequest()
                        .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
            }

            assertThatThrownBy(() -> client.transaction().withBundle(bundle).execute())
                    .isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(413);
                        assertThat(diagnostics(e)).contains("1001 entries", "at most 1000",
                                "vigil.fhir.write.max-bundle-entries");
                    });
            assertThat(vitals.requests).as(type + ": nothing sent to vitals-service").isEmpty();
        }
    }

    @Test
    void aChunkedBodyOverTheServicesLimitIs413ProblemJson() throws Exception {
        ChunkedBody.Response response = ChunkedBody.post(port, "/fhir", TestIssuer.integrator("bundle-client",
                "system/Observation.crs"), "application/fhir+json", 3L * 1024 * 1024);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.head()).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response.body()).contains("The chunked request body exceeds this service's limit of 2097152 bytes");
    }

    /** The one record transaction the Bundle was sent to vitals-service as. */
    private static JsonNode transaction() {
        List<String> sent = vitals.requests.stream().filter(r -> r.startsWith("POST /internal/v1/record-transactions"))
                .toList();
        assertThat(sent).hasSize(1);
        return JSON.readTree(sent.get(0).split(" ", 3)[2]);
    }

    private static ReadingRecorded event(JsonNode entry) {
        return Topics.READING_RECORDED.codec().decode(JSON.writeValueAsBytes(entry.get("reading").get("event")));
    }

    @Test
    void aTransactionWithOneBadEntryWritesNothingAndNamesTheEntry() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addName().setFamily("Visser");
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(patient).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        Observation good = ObservationWriteIT.heartRate("ok-" + UUID.randomUUID(), 70);
        bundle.addEntry().setResource(good).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Observation bad = ObservationWriteIT.heartRate("bad-" + UUID.randomUUID(), 70);
        bad.getValueQuantity().setCode("kg");
        bundle.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

        assertThatThrownBy(() -> client.transaction().withBundle(bundle).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(diagnostics(e))
                        .startsWith("Bundle.entry[2]: ").contains("unknown unit 'kg'"));
        assertThat(vitals.requests).noneMatch(r -> r.contains("record-transactions") || r.contains("reading-claims"));
    }

    @Test
    void aTransactionVitalsServiceRefusesRecordsNoObservation() {
        vitals.transactionStatus = 409;
        vitals.transactionProblem = "{\"title\": \"Conflict\", \"status\": 409, \"detail\": \"a device with this"
                + " manufacturer and serial exists\", \"ref\": \"urn:uuid:d\"}";
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Device device = new Device().setManufacturer("Acme").setSerialNumber("SN-1");
        bundle.addEntry().setFullUrl("urn:uuid:d").setResource(device).getRequest().setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Device");
        Observation observation = ObservationWriteIT.heartRate("refused-" + UUID.randomUUID(), 70);
        bundle.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

        assertThatThrownBy(() -> client.transaction().withBundle(bundle).execute())
                .isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(diagnostics(e)).contains("manufacturer and serial exists");
                });
        assertThat(vitals.requests).noneMatch(r -> r.contains("reading-claims"));
    }

    @Test
    void aBatchAnswersEachEntryOnItsOwn() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
        Observation good = ObservationWriteIT.heartRate("batch-" + UUID.randomUUID(), 66);
        bundle.addEntry().setResource(good).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Observation bad = ObservationWriteIT.heartRate("batch-bad-" + UUID.randomUUID(), 66);
        bad.setSubject(new Reference("Patient/no-such-patient"));
        bundle.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Patient patient = new Patient();
        patient.addName().setFamily("Bakker");
        bundle.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");

        Bundle answer = client.transaction().withBundle(bundle).execute();

        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
        assertThat(answer.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(topic.event(location(answer, 0, "Observation")).value()).isEqualTo(66.0);
        assertThat(answer.getEntry().get(1).getResponse().getStatus()).startsWith("422");
        assertThat(((OperationOutcome) answer.getEntry().get(1).getResponse().getOutcome()).getIssueFirstRep()
                .getDiagnostics()).contains("Patient/no-such-patient does not exist");
        assertThat(answer.getEntry().get(2).getResponse().getStatus()).startsWith("201");
        assertThat(location(answer, 2, "Patient")).startsWith("patient-");
    }

    private static String location(Bundle answer, int index, String type) {
        String location = answer.getEntry().get(index).getResponse().getLocation();
        assertThat(location).startsWith(type + "/");
        return location.split("/")[1];
    }

    private static String diagnostics(BaseServerResponseException e) {
        return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
    }
}
