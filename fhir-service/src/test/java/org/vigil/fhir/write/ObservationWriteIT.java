package org.vigil.fhir.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.fhir.write.VitalsStub.DEVICE_ID;
import static org.vigil.fhir.write.VitalsStub.PATIENT_ID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /fhir/Observation} through HAPI's client, with vitals-service stubbed in-test (issue 5 contract) and the
 * published events read back off the real (embedded) Kafka topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObservationWriteIT {

    static final FhirContext FHIR = FhirContext.forR4();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final VitalsStub vitals = new VitalsStub();
    static final String SCOPES = "system/Observation.crs system/Patient.crs system/Device.crs";
    static final ReadingTopic topic = new ReadingTopic(VigilInfrastructure.kafkaBootstrapServers());

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
        topic.close();
    }

    @BeforeEach
    void reset() {
        vitals.reset();
    }

    IGenericClient client(String clientId) {
        return client(clientId, SCOPES);
    }

    /** A clinician signed in to the dashboard (client vigil-dashboard). */
    IGenericClient clinician(String subject) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestIssuer.clinician(subject)));
        return client;
    }

    IGenericClient client(String clientId, String scopes) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestIssuer.integrator(clientId, scopes)));
        return client;
    }

    /**
     * Each official example, its subject pointed at a stubbed patient, is recorded as one reading whose values are in
     * the canonical unit and whose stored document is the posted one (id dropped, subject rewritten): what the
     * Observation is read back from. Each is posted by its own client because three of them share one identifier.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "heart-rate,           heart-rate,        1999-07-02T00:00:00Z, final,     44,   -,     -,    -",
            "respiratory-rate,     respiratory-rate,  1999-07-02T00:00:00Z, final,     26,   -,     -,    -",
            "satO2,                spo2,              2014-12-05T08:30:10Z, final,     95,   -,     -,    -",
            "body-temperature,     body-temperature,  1999-07-02T00:00:00Z, final,     36.5, -,     -,    -",
            "blood-pressure,       blood-pressure,    2012-09-17T00:00:00Z, final,     -,    107,   60,   -",
            "blood-pressure-dar,   blood-pressure,    2012-09-17T00:00:00Z, final,     -,    107,   -,    not-performed",
            "blood-pressure-cancel, blood-pressure,   2012-09-17T00:00:00Z, cancelled, -,    -,     -,    not-asked"})
    void eachHl7ExampleIsRecordedSoThatItComesBackEquivalent(String example, String type, String time, String status,
            Double value, Double systolic, Double diastolic, String absent) {
        Observation posted = example(example);
        posted.setSubject(new Reference("Patient/" + PATIENT_ID));
        String clientId = "hl7-" + example;

        MethodOutcome outcome = client(clientId).create().resource(posted).execute();

        assertThat(outcome.getCreated()).isTrue();
        String id = outcome.getId().getIdPart();
        assertThat(outcome.getId().getVersionIdPart()).isEqualTo("1");
        ReadingRecorded event = topic.event(id);
        assertThat(event.patientId()).isEqualTo(PATIENT_ID);
        assertThat(event.source()).isEqualTo(ReadingRecorded.SOURCE_FHIR);
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.time()).isEqualTo(Instant.parse(time));
        assertThat(event.status()).isEqualTo(status);
        assertThat(event.value()).isEqualTo(value);
        assertThat(event.systolic()).isEqualTo(systolic);
        assertThat(event.diastolic()).isEqualTo(diastolic);
        assertThat(event.dataAbsentReason()).isEqualTo(absent);
        assertThat(event.alertable()).isEqualTo(absent == null && status.equals("final"));
        assertThat(event.deviceId()).isEqualTo("fhir:" + clientId);
        assertThat(event.readingId()).isEqualTo(posted.hasIdentifier()
                ? posted.getIdentifierFirstRep().getSystem() + "|" + posted.getIdentifierFirstRep().getValue()
                : event.readingId());

        Observation stored = FHIR.newJsonParser().parseResource(Observation.class, event.resource());
        Observation expected = example(example);
        expected.setIdElement(null);
        expected.setSubject(new Reference("Patient/" + PATIENT_ID));
        assertThat(stored.equalsDeep(expected)).as("stored document equals the posted one").isTrue();
        assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/vitalsigns");
    }

    /**
     * The HL7 vitals-panel example is stored by vitals-service as its document (a one-entry record transaction), not
     * published as a reading: the document sent is the posted one (id dropped, subject rewritten), with its members
     * (hasMember) as given, and the 201 carries it back.
     */
    @Test
    void theVitalSignsPanelIsStoredAsItsDocumentAndComesBackEquivalent() {
        Observation panel = example("vitals-panel");
        panel.setSubject(new Reference("Patient/" + PATIENT_ID));

        MethodOutcome outcome = client("hl7-panel").create().resource(panel).execute();

        assertThat(outcome.getCreated()).isTrue();
        String id = outcome.getId().getIdPart();
        assertThat(outcome.getId().getVersionIdPart()).isEqualTo("1");
        assertThat(vitals.requests).noneMatch(r -> r.contains("reading-claims"));
        JsonNode entry = JSON.readTree(vitals.requests.stream()
                .filter(r -> r.startsWith("POST /internal/v1/record-transactions")).reduce((a, b) -> b).orElseThrow()
                .split(" ", 3)[2]).get("entries").get(0);
        assertThat(entry.get("kind").asString()).isEqualTo("document");
        JsonNode document = entry.get("document");
        assertThat(document.get("id").asString()).isEqualTo(id);
        assertThat(document.get("code").asString()).isEqualTo("85353-1");
        assertThat(document.get("patientId").asString()).isEqualTo(PATIENT_ID);
        assertThat(document.get("deviceId").asString()).isEqualTo("fhir:hl7-panel");
        assertThat(document.get("status").asString()).isEqualTo("final");
        assertThat(document.get("time").asString()).isEqualTo("1999-07-02T00:00:00Z");
        assertThat(document.get("readingId").asString()).as("no identifier: a random one").hasSize(36);
        Observation stored = FHIR.newJsonParser().parseResource(Observation.class, document.get("resource").toString());
        Observation expected = example("vitals-panel");
        expected.setIdElement(null);
        expected.setSubject(new Reference("Patient/" + PATIENT_ID));
        assertThat(stored.equalsDeep(expected)).as("stored document equals the posted one").isTrue();
        assertThat(stored.getHasMember()).extracting(Reference::getReference).containsExactly(
                "Observation/respiratory-rate", "Observation/heart-rate", "Observation/blood-pressure",
                "Observation/body-temperature");
        assertThat(outcome.getResource()).as("the 201 carries the stored panel").isNotNull();
        Observation answered = (Observation) outcome.getResource();
        assertThat(answered.getIdElement().getIdPart()).isEqualTo(id);
        assertThat(answered.getHasMember()).hasSize(4);
    }

    @Test
    void aPanelWithAValueWithoutMembersOrWithADanglingUrnMemberIsRefusedNamingWhy() {
        Observation valued = example("vitals-panel");
        valued.setSubject(new Reference("Patient/" + PATIENT_ID));
        valued.setValue(new Quantity(72));
        Observation empty = example("vitals-panel");
        empty.setSubject(new Reference("Patient/" + PATIENT_ID));
        empty.getHasMember().clear();

        assertThatThrownBy(() -> client("hl7-panel").create().resource(valued).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(diagnostics(e))
                        .contains("85353-1", "no value"));
        assertThatThrownBy(() -> client("hl7-panel").create().resource(empty).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(diagnostics(e))
                        .contains("85353-1", "hasMember"));
        Observation dangling = example("vitals-panel");
        dangling.setSubject(new Reference("Patient/" + PATIENT_ID));
        dangling.addHasMember(new Reference("urn:uuid:" + UUID.randomUUID()));
        assertThatThrownBy(() -> client("hl7-panel").create().resource(dangling).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(diagnostics(e))
                        .contains("hasMember[4]", "urn:"));
        assertThat(vitals.requests).noneMatch(r -> r.contains("record-transactions"));
    }

    /** PostgreSQL cannot store a NUL character: refused now, not acknowledged and then dropped by vitals-service. */
    @Test
    void anObservationHoldingANulCharacterIsRefusedBeforeAnythingIsClaimed() {
        Observation posted = heartRate("nul-" + UUID.randomUUID(), 70);
        posted.addNote().setText("taken after" + (char) 0 + "exercise");

        assertThatThrownBy(() -> client("nul-client").create().resource(posted).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(diagnostics(e))
                        .contains("NUL character"));
        assertThat(vitals.requests).noneMatch(r -> r.contains("reading-claims"));
    }

    @Test
    void theSameIdentifierTwiceIsOneReadingAndThe200NamesIt() {
        Observation posted = heartRate("dup-" + UUID.randomUUID(), 61);
        IGenericClient client = client("dup-client");
        MethodOutcome first = client.create().resource(posted).execute();
        ReadingRecorded event = topic.event(first.getId().getIdPart());
        vitals.stored.put(event.deviceId() + " " + event.readingId(), event.eventId().toString());

        MethodOutcome second = client.create().resource(posted).execute();

        assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
        assertThat(topic.withReadingId(event.readingId())).hasSize(1);
    }

    /** Every clinician posts through the one dashboard client: the identifier is deduplicated per person. */
    @Test
    void twoCliniciansPostingTheSameObservationAreTwoReadingsAndOneClinicianTwiceIsOne() {
        Observation posted = heartRate("ward-obs-" + UUID.randomUUID(), 64);
        IGenericClient ada = clinician("clinician-ada");
        IGenericClient ben = clinician("clinician-ben");

        MethodOutcome adas = ada.create().resource(posted).execute();
        MethodOutcome bens = ben.create().resource(posted).execute();

        assertThat(adas.getCreated()).isTrue();
        assertThat(bens.getCreated()).as("ben's is not a duplicate of ada's").isTrue();
        assertThat(bens.getId().getIdPart()).isNotEqualTo(adas.getId().getIdPart());
        ReadingRecorded adasEvent = topic.event(adas.getId().getIdPart());
        ReadingRecorded bensEvent = topic.event(bens.getId().getIdPart());
        assertThat(adasEvent.deviceId()).isEqualTo("fhir:vigil-dashboard:clinician-ada");
        assertThat(bensEvent.deviceId()).isEqualTo("fhir:vigil-dashboard:clinician-ben");
        assertThat(topic.withReadingId(adasEvent.readingId())).hasSize(2);

        vitals.stored.put(adasEvent.deviceId() + " " + adasEvent.readingId(), adasEvent.eventId().toString());
        MethodOutcome again = ada.create().resource(posted).execute();

        assertThat(again.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(again.getId().getIdPart()).isEqualTo(adas.getId().getIdPart());
        assertThat(topic.withReadingId(adasEvent.readingId())).hasSize(2);
    }

    @Test
    void ifNoneExistMatchingAStoredReadingAnswers200WithoutRecordingAgain() {
        String value = "cond-" + UUID.randomUUID();
        vitals.stored.put("fhir:cond-client urn:x|" + value, "0b7f3c2e-0000-4000-8000-00000000f001");

        MethodOutcome outcome = client("cond-client").create().resource(heartRate(value, 62))
                .conditional().where(Observation.IDENTIFIER.exactly().systemAndIdentifier("urn:x", value)).execute();

        assertThat(outcome.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(outcome.getId().getIdPart()).isEqualTo("0b7f3c2e-0000-4000-8000-00000000f001");
        assertThat(vitals.requests).noneMatch(r -> r.contains("reading-claims"));
    }

    @Test
    void aUnitIsConvertedToTheCanonicalOneAsForDevices() {
        Observation posted = heartRate("temp-" + UUID.randomUUID(), 0);
        posted.getCode().getCodingFirstRep().setCode("8310-5").setDisplay("Body temperature");
        posted.setValue(new Quantity().setValue(new BigDecimal("100.4")).setUnit("F")
                .setSystem("http://unitsofmeasure.org").setCode("[degF]"));

        MethodOutcome outcome = client("unit-client").create().resource(posted).execute();

        ReadingRecorded event = topic.event(outcome.getId().getIdPart());
        assertThat(event.type()).isEqualTo("body-temperature");
        assertThat(event.value()).isEqualTo(38.0);
        assertThat(event.unit()).isEqualTo("Cel");
    }

    @Test
    void aVigilDeviceOwnsTheReadingAndAConditionalSubjectIsResolved() {
        Observation posted = heartRate("dev-" + UUID.randomUUID(), 70);
        posted.setSubject(new Reference("Patient?identifier=" + VitalsStub.PATIENT_IDENTIFIER));
        posted.setDevice(new Reference("Device/" + DEVICE_ID));

        MethodOutcome outcome = client("device-client").create().resource(posted).execute();

        ReadingRecorded event = topic.event(outcome.getId().getIdPart());
        assertThat(event.deviceId()).isEqualTo(DEVICE_ID);
        assertThat(event.patientId()).isEqualTo(PATIENT_ID);
        assertThat(event.resource()).contains("\"reference\":\"Patient/" + PATIENT_ID + "\"",
                "\"reference\":\"Device/" + DEVICE_ID + "\"");
        assertThat(vitals.requests).anyMatch(r -> r.startsWith("POST /internal/v1/devices/" + DEVICE_ID
                + "/reading-claims"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "subject#Patient/no-such-patient#8867-4#/min#72#Patient/no-such-patient does not exist",
            "device#Device/no-such-device#8867-4#/min#72#Device/no-such-device does not exist",
            "code#-#1234-5#/min#72#no LOINC",
            "unit#-#8867-4#kg#72#unknown unit 'kg'",
            "value#-#8867-4#/min#900#not physiologically possible",
            "future#-#8867-4#/min#72#ahead of the server's clock"})
    void whatCannotBeRecordedIs422NamingTheProblem(String what, String reference, String code, String unit,
            double value, String named) {
        Observation posted = heartRate("bad-" + UUID.randomUUID(), value);
        posted.getCode().getCodingFirstRep().setCode(code);
        posted.getValueQuantity().setCode(unit);
        if (what.equals("subject")) {
            posted.setSubject(new Reference(reference));
        } else if (what.equals("device")) {
            posted.setDevice(new Reference(reference));
        } else if (what.equals("future")) {
            posted.setEffective(new DateTimeType(java.util.Date.from(Instant.now().plus(Duration.ofHours(1)))));
        }

        assertThatThrownBy(() -> client("bad-client").create().resource(posted).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class,
                        e -> assertThat(diagnostics(e)).contains(named));
        assertThat(vitals.requests).noneMatch(r -> r.contains("reading-claims"));
    }

    @Test
    void aClientWithoutObservationCreateIsRefused() {
        assertThatThrownBy(() -> client("reader", "system/Observation.rs").create()
                .resource(heartRate("no-" + UUID.randomUUID(), 72)).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(vitals.requests).noneMatch(r -> r.contains("reading-claims"));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static Observation heartRate(String identifier, double value) {
        Observation observation = new Observation();
        observation.addIdentifier().setSystem("urn:x").setValue(identifier);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        observation.setSubject(new Reference("Patient/" + PATIENT_ID));
        observation.setEffective(new DateTimeType("2026-11-21T09:00:00Z"));
        observation.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("beats/minute")
                .setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }

    static Observation example(String name) {
        try (InputStream in = ObservationWriteIT.class.getResourceAsStream("/hl7-examples/Observation-" + name
                + ".json")) {
            return FHIR.newJsonParser().parseResource(Observation.class,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String diagnostics(BaseServerResponseException e) {
        return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
    }
}
