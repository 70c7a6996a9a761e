package org.vigil.fhir.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.vigil.common.events.AuditRecorded;
import org.vigil.fhir.AuditRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * Patient and Device through HAPI's client: versions and ETags, If-Match, conditional create, searches with paging,
 * and who may do what; vitals-service's internal records API played in memory by {@link VitalsRecordsStub}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PatientAndDeviceIT {

    /** Every test request connects within 5 s and is answered within 30 s, or fails naming itself. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final FhirContext FHIR = FhirContext.forR4();
    static final VitalsRecordsStub vitals = new VitalsRecordsStub();
    static final String EHR = TestIssuer.integrator("ehr", "system/Patient.cruds system/Device.cruds");
    static final String ADAS = VitalsRecordsStub.ADAS_PATIENT;
    static final String OTHER = "0a000000-0000-4000-8000-000000000002";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VigilInfrastructure.registerKafka(registry);
        TestIssuer.register(registry);
        registry.add("vigil.vitals.url", vitals::url);
        registry.add("VIGIL_VITALS_URL", vitals::url);
    }

    @AfterAll
    static void stop() {
        vitals.server.stop(0);
    }

    @BeforeEach
    void reset() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        vitals.patients.clear();
        vitals.devices.clear();
        vitals.requests.clear();
        vitals.patient(ADAS, "Lovelace", "1815-12-10", "urn:oid:1.2.3|A-1");
        vitals.patient(OTHER, "Babbage", "1791-12-26", "urn:oid:1.2.3|B-2");
    }

    // --- Patient ----------------------------------------------------------------------------------------------

    @Test
    void aPatientReadsBackWithVersionIdAndAWeakETagAnd304ForThatETag() throws Exception {
        Patient read = client(EHR).read().resource(Patient.class).withId(ADAS).execute();
        HttpResponse<String> raw = get("/fhir/Patient/" + ADAS, EHR);

        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        assertThat(read.getIdElement().getVersionIdPart()).isEqualTo("1");
        assertThat(raw.headers().firstValue("ETag")).hasValue("W/\"1\"");
        HttpResponse<String> unchanged = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/fhir/Patient/" + ADAS)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + EHR).header("If-None-Match", "W/\"1\"").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unchanged.statusCode()).isEqualTo(304);
    }

    @Test
    void anUpdateWithTheCurrentVersionInIfMatchAnswersTheNextVersion() {
        Patient patient = client(EHR).read().resource(Patient.class).withId(ADAS).execute();
        patient.getNameFirstRep().setFamily("King");

        MethodOutcome updated = client(EHR, "If-Match", "W/\"1\"").update().resource(patient).execute();

        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
        assertThat(((Patient) updated.getResource()).getMeta().getVersionId()).isEqualTo("2");
        assertThat(vitals.requests).anyMatch(r -> r.startsWith("PUT /internal/v1/patients/" + ADAS + "?ifMatch=1 "));
        Patient reread = client(EHR).read().resource(Patient.class).withId(ADAS).execute();
        assertThat(reread.getNameFirstRep().getFamily()).isEqualTo("King");
        assertThat(reread.getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void anUpdateWithAStaleIfMatchIs412AndChangesNothing() {
        Patient patient = client(EHR).read().resource(Patient.class).withId(ADAS).execute();
        client(EHR).update().resource(patient).execute();

        assertThatThrownBy(() -> client(EHR, "If-Match", "W/\"1\"").update().resource(patient).execute())
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> client(EHR, "If-Match", "W/\"x\"").update().resource(patient).execute())
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(vitals.patients.get(ADAS).get("versionId")).isEqualTo("2");
    }

    @Test
    void updatingAPatientNobodyKnowsIs404() {
        Patient patient = new Patient();
        patient.setId("Patient/nobody");
        patient.addName().setFamily("X");

        assertThatThrownBy(() -> client(EHR).update().resource(patient).execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aClinicianMayNotUpdateAPatientButAnAdminMay() {
        Patient patient = client(EHR).read().resource(Patient.class).withId(ADAS).execute();

        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).update().resource(patient).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(client(TestIssuer.admin()).update().resource(patient).execute().getId().getVersionIdPart())
                .isEqualTo("2");
    }

    @Test
    void aConditionalCreateOfAKnownIdentifierAnswers200WithTheExistingPatient() throws Exception {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:1.2.3").setValue("A-1");
        patient.addName().setFamily("Someone else");

        MethodOutcome outcome = client(EHR).create().resource(patient).conditional()
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:oid:1.2.3", "A-1")).execute();

        assertThat(outcome.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(outcome.getId().getIdPart()).isEqualTo(ADAS);
        assertThat(((Patient) outcome.getResource()).getNameFirstRep().getFamily()).isEqualTo("Lovelace");
        assertThat(vitals.patients).hasSize(2);
        assertThat(vitals.requests).anyMatch(r -> r.startsWith(
                "POST /internal/v1/patients?ifNoneExist=identifier=urn:oid:1.2.3|A-1 "));
        assertThat(post("/fhir/Patient", FHIR.newJsonParser().encodeResourceToString(patient), EHR,
                "identifier=urn:oid:1.2.3%7CA-1").statusCode()).isEqualTo(200);
        assertThat(post("/fhir/Patient", FHIR.newJsonParser().encodeResourceToString(patient), EHR,
                "identifier=urn:oid:1.2.3%7CNEW-1").statusCode()).isEqualTo(201);
    }

    @Test
    void aConditionalCreateMatchingAPatientTheCallerMayNotReadAnswersWhereItIsButNotWhatItHolds() throws Exception {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:1.2.3").setValue("A-1");
        patient.addName().setFamily("Probe");
        String createOnly = TestIssuer.integrator("registration-desk", "system/Patient.c");

        HttpResponse<String> matched = post("/fhir/Patient", FHIR.newJsonParser().encodeResourceToString(patient),
                createOnly, "identifier=urn:oid:1.2.3%7CA-1");

        assertThat(matched.statusCode()).as(matched.body()).isEqualTo(200);
        assertThat(matched.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("Patient/" + ADAS));
        assertThat(matched.body()).as("as with Prefer: return=minimal").isBlank();
        HttpResponse<String> outcome = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/fhir/Patient")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + createOnly).header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", "identifier=urn:oid:1.2.3%7CA-1").header("Prefer", "return=OperationOutcome")
                .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(patient)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(outcome.body()).doesNotContain("Lovelace").doesNotContain("1815-12-10");
        assertThat(FHIR.newJsonParser().parseResource(outcome.body())).isInstanceOfSatisfying(OperationOutcome.class,
                o -> assertThat(o.getIssueFirstRep().getDiagnostics()).contains("Patient/" + ADAS));
        assertThat(vitals.patients).hasSize(2);
        // The same caller's create of a new identifier still answers what it posted.
        patient.getIdentifierFirstRep().setValue("NEW-7");
        HttpResponse<String> created = post("/fhir/Patient", FHIR.newJsonParser().encodeResourceToString(patient),
                createOnly, "identifier=urn:oid:1.2.3%7CNEW-7");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("Probe");
    }

    @Test
    void aConditionalCreateOfANewIdentifierCreatesAndSeveralMatchesAre412() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:1.2.3").setValue("C-3");

        MethodOutcome outcome = client(EHR).create().resource(patient).conditionalByUrl("Patient?identifier=urn:oid:1.2.3|C-3")
                .execute();
        vitals.patient("0a000000-0000-4000-8000-000000000009", "Twin", "1815-12-10", "urn:oid:1.2.3|A-1");

        assertThat(outcome.getCreated()).isTrue();
        assertThat(vitals.patients).hasSize(4);
        assertThatThrownBy(() -> client(EHR).create().resource(patient)
                .conditionalByUrl("Patient?identifier=urn:oid:1.2.3|A-1").execute())
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> client(EHR).create().resource(patient)
                .conditionalByUrl("Patient?family=Twin").execute())
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(diagnostics(e)).contains("identifier=system|value"));
    }

    @Test
    void concurrentConditionalCreatesOfOnePatientEndWithOnePatient() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<MethodOutcome>> creates = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            creates.add(() -> {
                Patient patient = new Patient();
                patient.addIdentifier().setSystem("urn:oid:1.2.3").setValue("D-4");
                return client(EHR).create().resource(patient).conditionalByUrl("Patient?identifier=urn:oid:1.2.3|D-4")
                        .execute();
            });
        }
        Set<String> ids = new java.util.HashSet<>();
        for (Future<MethodOutcome> outcome : pool.invokeAll(creates)) {
            ids.add(outcome.get().getId().getIdPart());
        }
        pool.shutdown();

        assertThat(ids).hasSize(1);
        assertThat(vitals.patients).hasSize(3);
    }

    @Test
    void aSearchByIdentifierFamilyAndBirthdatePassesThemToVitals() {
        Bundle bundle = client(EHR).search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:oid:1.2.3", "A-1"))
                .and(Patient.FAMILY.matches().value("Love"))
                .and(Patient.BIRTHDATE.afterOrEquals().day("1815"))
                .and(Patient.BIRTHDATE.before().day("1815-12"))
                .returnBundle(Bundle.class).execute();

        assertThat(bundle.getTotal()).isEqualTo(1);
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(ADAS);
        assertThat(vitals.requests).anyMatch(r -> r.startsWith("GET /internal/v1/patients?identifier=urn:oid:1.2.3|A-1"
                + "&family=Love&birthdateFrom=1815-01-01&birthdateTo=1815-11-30&limit=100&offset=0"));
    }

    @Test
    void birthdatePrefixesBecomeInclusiveDateRanges() {
        List<String> ranges = new ArrayList<>();
        for (String value : List.of("1950", "eq1950-03", "gt1950-03-14", "le1950-03", "lt1950", "ge1950-02")) {
            vitals.requests.clear();
            client(EHR).search().byUrl("Patient?birthdate=" + value).returnBundle(Bundle.class).execute();
            String sent = vitals.requests.get(0);
            ranges.add(sent.substring(sent.indexOf('?') + 1, sent.indexOf("&limit")));
        }

        assertThat(ranges).containsExactly(
                "birthdateFrom=1950-01-01&birthdateTo=1950-12-31",
                "birthdateFrom=1950-03-01&birthdateTo=1950-03-31",
                "birthdateFrom=1950-03-15",
                "birthdateTo=1950-03-31",
                "birthdateTo=1949-12-31",
                "birthdateFrom=1950-02-01");
        assertThatThrownBy(() -> client(EHR).search().byUrl("Patient?birthdate=ne1950").returnBundle(Bundle.class)
                .execute()).isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(diagnostics(e)).contains("prefixes eq, ge, gt, le and lt"));
    }

    @Test
    void searchPagesFollowTheNextLinkWithTotalAndCount() {
        for (int i = 0; i < 5; i++) {
            vitals.patient("0a000000-0000-4000-8000-00000000010" + i, "Page" + i, "1990-01-01", "urn:x|P" + i);
        }
        IGenericClient client = client(EHR);
        Bundle page = client.search().forResource(Patient.class).where(Patient.FAMILY.matches().value("page"))
                .count(2).returnBundle(Bundle.class).execute();
        List<String> families = new ArrayList<>();
        int pages = 0;
        while (true) {
            pages++;
            assertThat(page.getTotal()).isEqualTo(5);
            page.getEntry().forEach(e -> families.add(((Patient) e.getResource()).getNameFirstRep().getFamily()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }

        assertThat(pages).isEqualTo(3);
        assertThat(families).containsExactly("Page0", "Page1", "Page2", "Page3", "Page4");
    }

    @Test
    void aSearchByIdFindsThosePatients() {
        Bundle bundle = client(EHR).search().forResource(Patient.class)
                .where(Patient.RES_ID.exactly().codes(ADAS, OTHER)).returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).hasSize(2);
    }

    @Test
    void aClinicianSearchingPatientsSeesOnlyTheirCareTeamsPatients() {
        Bundle all = client(TestIssuer.clinician("ada")).search().forResource(Patient.class)
                .returnBundle(Bundle.class).execute();
        Bundle other = client(TestIssuer.clinician("ada")).search().forResource(Patient.class)
                .where(Patient.RES_ID.exactly().code(OTHER)).returnBundle(Bundle.class).execute();
        Bundle none = client(TestIssuer.clinician("ben")).search().forResource(Patient.class)
                .returnBundle(Bundle.class).execute();

        assertThat(all.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(ADAS);
        assertThat(other.getEntry()).isEmpty();
        assertThat(none.getEntry()).isEmpty();
        assertThat(vitals.requests).filteredOn(r -> r.startsWith("GET /internal/v1/patients?"))
                .singleElement().satisfies(r -> assertThat(r).contains("id=" + ADAS));
    }

    // --- Device -----------------------------------------------------------------------------------------------

    @Test
    void aDeviceIsCreatedReadUpdatedAndFoundByPatientHistory() throws Exception {
        Device device = device("Acme", "SN-1", "Pulse 3000");
        device.setPatient(new Reference("Patient/" + ADAS));

        MethodOutcome created = client(EHR).create().resource(device).execute();
        String id = created.getId().getIdPart();
        Device read = client(EHR).read().resource(Device.class).withId(id).execute();
        HttpResponse<String> raw = get("/fhir/Device/" + id, EHR);

        assertThat(created.getCreated()).isTrue();
        assertThat(read.getManufacturer()).isEqualTo("Acme");
        assertThat(read.getSerialNumber()).isEqualTo("SN-1");
        assertThat(read.getModelNumber()).isEqualTo("Pulse 3000");
        assertThat(read.getDeviceNameFirstRep().getType()).isEqualTo(Device.DeviceNameType.MODELNAME);
        assertThat(read.getStatus()).isEqualTo(Device.FHIRDeviceStatus.ACTIVE);
        assertThat(read.getPatient().getReference()).isEqualTo("Patient/" + ADAS);
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        assertThat(raw.headers().firstValue("ETag")).hasValue("W/\"1\"");

        read.setPatient(new Reference("Patient/" + OTHER));
        read.setStatus(Device.FHIRDeviceStatus.INACTIVE);
        MethodOutcome updated = client(EHR, "If-Match", "W/\"1\"").update().resource(read).execute();
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
        assertThat(((Device) updated.getResource()).getStatus()).isEqualTo(Device.FHIRDeviceStatus.INACTIVE);
        assertThatThrownBy(() -> client(EHR, "If-Match", "W/\"1\"").update().resource(read).execute())
                .isInstanceOf(PreconditionFailedException.class);

        Bundle adasDevices = client(EHR).search().forResource(Device.class)
                .where(Device.PATIENT.hasId("Patient/" + ADAS)).returnBundle(Bundle.class).execute();
        Bundle bySerial = client(EHR).search().forResource(Device.class)
                .where(Device.IDENTIFIER.exactly().systemAndCode("urn:vigil:device-serial", "SN-1"))
                .returnBundle(Bundle.class).execute();
        assertThat(adasDevices.getEntry()).singleElement().satisfies(e -> assertThat(
                ((Device) e.getResource()).getPatient().getReference()).isEqualTo("Patient/" + OTHER));
        assertThat(bySerial.getEntry()).hasSize(1);
    }

    @Test
    void aDeviceWithoutManufacturerOrSerialIs422() {
        assertThatThrownBy(() -> client(EHR).create().resource(device("Acme", null, null)).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class,
                        e -> assertThat(diagnostics(e)).contains("serialNumber"));
    }

    @Test
    void aClinicianReadsTheDevicesOfTheirPatientsOnlyAndCannotCreateOne() {
        String adasDevice = client(EHR).create().resource(withPatient(device("Acme", "SN-A", null), ADAS)).execute()
                .getId().getIdPart();
        String othersDevice = client(EHR).create().resource(withPatient(device("Acme", "SN-B", null), OTHER))
                .execute().getId().getIdPart();
        String unassigned = client(EHR).create().resource(device("Acme", "SN-C", null)).execute().getId().getIdPart();
        IGenericClient ada = client(TestIssuer.clinician("ada"));

        assertThat(ada.read().resource(Device.class).withId(adasDevice).execute().getSerialNumber())
                .isEqualTo("SN-A");
        assertThatThrownBy(() -> ada.read().resource(Device.class).withId(othersDevice).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> ada.read().resource(Device.class).withId(unassigned).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> ada.search().forResource(Device.class).returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(ForbiddenOperationException.class,
                        e -> assertThat(diagnostics(e)).contains("Name the patient"));
        assertThatThrownBy(() -> ada.search().forResource(Device.class).where(Device.PATIENT.hasId(OTHER))
                .returnBundle(Bundle.class).execute()).isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> ada.create().resource(device("Acme", "SN-D", null)).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(client(TestIssuer.admin()).read().resource(Device.class).withId(othersDevice).execute()
                .getPatient().getReference()).isEqualTo("Patient/" + OTHER);
    }

    @Test
    void aDeviceNowWithAPatientTheCallerMayNotSeeIsListedWithoutThatPatient() {
        String id = client(EHR).create().resource(withPatient(device("Acme", "SN-M", null), ADAS)).execute().getId()
                .getIdPart();
        Device moved = client(EHR).read().resource(Device.class).withId(id).execute();
        client(EHR).update().resource(withPatient(moved, OTHER)).execute();

        Bundle bundle = client(TestIssuer.clinician("ada")).search().forResource(Device.class)
                .where(Device.PATIENT.hasId(ADAS)).returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).singleElement().satisfies(e -> assertThat(((Device) e.getResource()).hasPatient())
                .isFalse());
    }

    // --- search parameters ------------------------------------------------------------------------------------

    @Test
    void anUnknownSearchParameterIs400NamingItUnlessHandlingIsLenient() throws Exception {
        assertThatThrownBy(() -> client(EHR).search().byUrl("Patient?family=Love&colour=blue&_sort=family")
                .returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(diagnostics(e))
                        .contains("Unknown search parameters _sort, colour for Patient")
                        .contains("Supported: _count, _elements, _format, _id, _offset"));
        assertThatThrownBy(() -> client(EHR).search().byUrl("Device?colour=blue").returnBundle(Bundle.class)
                .execute()).isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(diagnostics(e)).contains("colour"));

        Bundle lenient = client(EHR, "Prefer", "handling=lenient").search()
                .byUrl("Patient?family=Love&colour=blue").returnBundle(Bundle.class).execute();

        assertThat(lenient.getEntry()).hasSize(1);
        assertThat(lenient.getLink(Bundle.LINK_SELF).getUrl()).contains("family=Love").doesNotContain("colour");
    }

    @Test
    void everyResourceTypesSearchIsStrict() {
        for (String search : List.of("Observation?patient=" + ADAS + "&colour=blue", "AuditEvent?colour=blue",
                "Device?patient=" + ADAS + "&_sort=serial")) {
            assertThatThrownBy(() -> client(EHR).search().byUrl(search).returnBundle(Bundle.class).execute())
                    .as(search).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(diagnostics(e)).startsWith("Unknown search parameter "));
        }
        assertThat(vitals.requests).noneMatch(r -> r.contains("/readings") || r.contains("/device-records"));
    }

    @Test
    void aPatientSearchIsAuditedWithThePatientsItReturned() {
        String correlationId = UUID.randomUUID().toString();

        client(TestIssuer.clinician("ada"), "X-Correlation-Id", correlationId).search().forResource(Patient.class)
                .returnBundle(Bundle.class).execute();

        AuditRecorded record = AuditRecords.of(correlationId);
        assertThat(record.action()).isEqualTo("search");
        assertThat(record.resource()).isEqualTo("Patient");
        assertThat(record.outcome()).isEqualTo("success");
        assertThat(record.patientIds()).containsExactly(ADAS);
    }

    @Test
    void aModifierOrChainIsCheckedByItsParameterName() {
        assertThatThrownBy(() -> client(EHR).search().byUrl("Patient?family:exact=Lovelace")
                .returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(diagnostics(e)).contains("starts-with"));
    }

    // --- CapabilityStatement ----------------------------------------------------------------------------------

    @Test
    void theCapabilityStatementListsExactlyWhatPatientAndDeviceSupport() throws Exception {
        CapabilityStatement capabilities = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir")
                .capabilities().ofType(CapabilityStatement.class).execute();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/capability-statement.json"),
                FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(capabilities));

        assertThat(capabilities.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("SMART-on-FHIR");
        CapabilityStatementRestResourceComponent patient = resource(capabilities, "Patient");
        assertThat(patient.getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyInAnyOrder("read", "vread", "update", "create", "search-type");
        assertThat(patient.getSearchParam()).extracting(p -> p.getName() + ":" + p.getType().toCode())
                .containsExactlyInAnyOrder("_id:token", "identifier:token", "name:string", "family:string",
                        "birthdate:date");
        assertThat(patient.getSearchParam()).filteredOn(p -> p.getName().equals("birthdate")).singleElement()
                .satisfies(p -> assertThat(p.getDocumentation()).contains("eq, ge, gt, le or lt"));
        assertThat(patient.getConditionalCreate()).isTrue();
        assertThat(patient.getConditionalUpdate()).isFalse();
        assertThat(patient.getConditionalRead()).isEqualTo(CapabilityStatement.ConditionalReadStatus.NOTMATCH);
        assertThat(patient.getUpdateCreate()).isFalse();
        assertThat(patient.getReadHistory()).isFalse();
        assertThat(patient.getVersioning()).isEqualTo(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
        assertThat(patient.getSearchInclude()).isEmpty();
        assertThat(patient.getSearchRevInclude()).isEmpty();
        CapabilityStatementRestResourceComponent device = resource(capabilities, "Device");
        assertThat(device.getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyInAnyOrder("read", "vread", "update", "create", "search-type");
        assertThat(device.getSearchParam()).extracting(p -> p.getName() + ":" + p.getType().toCode())
                .containsExactlyInAnyOrder("identifier:token", "patient:reference");
        assertThat(device.getConditionalCreate()).isTrue();
        assertThat(capabilities.getRestFirstRep().getResource()).allSatisfy(r -> assertThat(r.getSearchInclude())
                .extracting(i -> i.getValue()).doesNotContain("*"));
    }

    @Test
    void everyFormatTheCapabilityStatementListsIsServed() throws Exception {
        CapabilityStatement capabilities = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir")
                .capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getFormat()).extracting(f -> f.getValue()).contains("application/fhir+json",
                "application/fhir+xml");
        assertThat(capabilities.getFormat()).allSatisfy(format -> {
            HttpResponse<String> answer = get("/fhir/Patient/" + ADAS + "?_format="
                    + java.net.URLEncoder.encode(format.getValue(), java.nio.charset.StandardCharsets.UTF_8), EHR);
            assertThat(answer.statusCode()).as(format.getValue()).isEqualTo(200);
            assertThat(answer.body()).as(format.getValue()).contains("Lovelace");
        });
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement capabilities, String type) {
        return capabilities.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals(type))
                .findFirst().orElseThrow();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static Device device(String manufacturer, String serial, String model) {
        Device device = new Device();
        device.setManufacturer(manufacturer);
        if (serial != null) {
            device.setSerialNumber(serial);
        }
        if (model != null) {
            device.setModelNumber(model);
        }
        device.addIdentifier().setSystem("urn:acme:device").setValue(UUID.randomUUID().toString());
        return device;
    }

    private static Device withPatient(Device device, String patientId) {
        device.setPatient(new Reference("Patient/" + patientId));
        return device;
    }

    private IGenericClient client(String token, String... headers) {
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        if (headers.length > 0) {
            AdditionalRequestHeadersInterceptor extra = new AdditionalRequestHeadersInterceptor();
            for (int i = 0; i < headers.length; i += 2) {
                extra.addHeaderValue(headers[i], headers[i + 1]);
            }
            client.registerInterceptor(extra);
        }
        return client;
    }

    private HttpResponse<String> get(String path, String token) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, String json, String token, String ifNoneExist)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", ifNoneExist).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String diagnostics(BaseServerResponseException e) {
        return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
    }

}
