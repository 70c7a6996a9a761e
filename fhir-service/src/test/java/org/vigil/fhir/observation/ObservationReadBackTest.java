package org.vigil.fhir.observation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.fhir.OfflineValidator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Status, dataAbsentReason and stored documents (issue 5): every reading type, in every status and with a reason
 * instead of a value, still passes the offline R4 validator with no errors; a posted Observation comes back as it was
 * stored with Vigil's id and meta.
 */
class ObservationReadBackTest {

    private static final FhirContext FHIR = FhirContext.forR4();


    static Stream<ReadingView> everyType() {
        return Stream.of(
                Readings.quantity("a1", "heart-rate", 72, "/min"),
                Readings.quantity("a2", "respiratory-rate", 16, "/min"),
                Readings.quantity("a3", "spo2", 97, "%"),
                Readings.quantity("a4", "body-temperature", 37.2, "Cel"),
                Readings.quantity("a5", "body-weight", 81.4, "kg"),
                Readings.quantity("a6", "blood-glucose", 104, "mg/dL"),
                Readings.bloodPressure("b1", 120, 80),
                Readings.consciousness("c1", "A"),
                Readings.oxygen("o1", true, 2.0),
                Readings.rrIntervals("r1", List.of(800.0, 810.0)),
                Readings.fall("f1", 51.5, -0.12));
    }

    static Stream<Arguments> everyTypeInEveryStatus() {
        return everyType().flatMap(r -> Stream.of("preliminary", "amended", "cancelled",
                "entered-in-error").map(status -> Arguments.of(r, status)));
    }

    @ParameterizedTest
    @MethodSource("everyTypeInEveryStatus")
    void theViewsStatusIsTheObservationsStatusAndStillValid(ReadingView reading, String status) {
        Observation observation = ObservationMapper.map(FHIR.newJsonParser(), reading.withStatus(status, null));

        assertThat(observation.getStatus().toCode()).isEqualTo(status);
        assertValid(observation);
    }

    @Test
    void noStatusIsFinalAndAnUnknownCodeIsUnknown() {
        assertThat(ObservationMapper.status(null)).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(ObservationMapper.status("withdrawn")).isEqualTo(Observation.ObservationStatus.UNKNOWN);
    }

    static Stream<ReadingView> everyTypeWithoutItsValue() {
        return Stream.of(
                Readings.quantity("a1", "heart-rate", 0, "/min"),
                Readings.quantity("a3", "spo2", 0, "%"),
                Readings.quantity("a4", "body-temperature", 0, "Cel"),
                Readings.quantity("a5", "body-weight", 0, "kg"),
                Readings.quantity("a6", "blood-glucose", 0, "mg/dL"),
                Readings.bloodPressure("b1", 0, 0),
                Readings.consciousness("c1", "A"),
                Readings.oxygen("o1", true, 2.0),
                Readings.rrIntervals("r1", List.of(800.0)))
                .map(r -> new ReadingView(r.id(), r.deviceId(), r.readingId(), r.patientId(), r.type(), r.time(),
                        r.receivedAt(), null, r.unit(), null, null, null, null, null, null, null, null, "fhir",
                        "final", "asked-unknown", null));
    }

    @ParameterizedTest
    @MethodSource("everyTypeWithoutItsValue")
    void aReadingWithADataAbsentReasonHasTheReasonInsteadOfAValueAndIsValid(ReadingView reading) {
        Observation observation = ObservationMapper.map(FHIR.newJsonParser(), reading);

        assertThat(observation.hasValue()).isFalse();
        if (reading.type().equals("blood-pressure")) {
            assertThat(observation.getComponent()).hasSize(2).allSatisfy(c -> assertThat(
                    c.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("asked-unknown"));
        } else {
            assertThat(observation.getDataAbsentReason().getCodingFirstRep().getSystem())
                    .isEqualTo("http://terminology.hl7.org/CodeSystem/data-absent-reason");
            assertThat(observation.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("asked-unknown");
        }
        assertValid(observation);
    }

    static final String POSTED = """
            {"resourceType": "Observation", "status": "cancelled",
             "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/vitalsigns",
                                  "http://hl7.org/fhir/StructureDefinition/heartrate"]},
             "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                       "code": "vital-signs", "display": "Vital Signs"}], "text": "Vital Signs"}],
             "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}],
                      "text": "Heart rate"},
             "subject": {"reference": "Patient/7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11"},
             "effectiveDateTime": "1999-07-02",
             "valueQuantity": {"value": 44, "unit": "beats/minute", "system": "http://unitsofmeasure.org",
                               "code": "/min"},
             "note": [{"text": "posted by an EHR"}]}""";

    @Test
    void aPostedObservationIsServedAsStoredWithTheReadingIdAndMeta() {
        ReadingView reading = new ReadingView("0b7f3c2e-0000-4000-8000-00000000e001", "fhir:ehr", "urn:x|1",
                Readings.PATIENT, "heart-rate", Readings.TIME, Readings.RECEIVED, 44.0, "/min", null, null, null,
                null, null, null, null, null, "fhir", "cancelled", null, JsonMapper.builder().build().readTree(POSTED));

        Observation observation = ObservationMapper.map(
                FHIR.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false)), reading);

        assertThat(observation.getIdElement().getIdPart()).isEqualTo(reading.id());
        assertThat(observation.getMeta().getVersionId()).isEqualTo("1");
        assertThat(observation.getMeta().getLastUpdated().toInstant()).isEqualTo(Readings.RECEIVED);
        assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.CANCELLED);
        assertThat(observation.getNoteFirstRep().getText()).isEqualTo("posted by an EHR");
        assertThat(observation.getEffectiveDateTimeType().getValueAsString()).isEqualTo("1999-07-02");
        assertThat(observation.hasIdentifier()).as("as stored: nothing added").isFalse();
        assertValid(observation);
    }

    private static void assertValid(Observation observation) {
        List<SingleValidationMessage> problems = OfflineValidator.errors(observation);
        assertThat(problems).as(() -> FHIR.newJsonParser().encodeResourceToString(observation)).isEmpty();
    }
}
