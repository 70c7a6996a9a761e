package org.vigil.fhir.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SampledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.OfflineValidator;

class ObservationMapperTest {

    private static final FhirContext FHIR = FhirContext.forR4();


    static Stream<Arguments> everyQuantityType() {
        return Stream.of(
                Arguments.of(VitalType.HEART_RATE, Readings.quantity("a1", "heart-rate", 72, "/min"), "heartrate"),
                Arguments.of(VitalType.RESPIRATORY_RATE, Readings.quantity("a2", "respiratory-rate", 16, "/min"),
                        "resprate"),
                Arguments.of(VitalType.SPO2, Readings.quantity("a3", "spo2", 97, "%"), "oxygensat"),
                Arguments.of(VitalType.BODY_TEMPERATURE, Readings.quantity("a4", "body-temperature", 37.2, "Cel"),
                        "bodytemp"),
                Arguments.of(VitalType.BODY_WEIGHT, Readings.quantity("a5", "body-weight", 81.4, "kg"), "bodyweight"),
                Arguments.of(VitalType.BLOOD_GLUCOSE, Readings.quantity("a6", "blood-glucose", 104, "mg/dL"), null));
    }

    @ParameterizedTest
    @MethodSource("everyQuantityType")
    void quantityReadingBecomesVitalSignsObservationWithUcumValue(VitalType type, ReadingView reading,
            String specificProfile) {
        Observation observation = ObservationMapper.toObservation(reading, type);

        assertThat(observation.getIdPart()).isEqualTo(reading.id());
        assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/observation-category");
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(observation.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo(type.loinc());
        assertThat(observation.getMeta().getProfile()).map(CanonicalType::getValue)
                .first().isEqualTo("http://hl7.org/fhir/StructureDefinition/vitalsigns");
        if (specificProfile != null) {
            assertThat(observation.getMeta().getProfile()).map(CanonicalType::getValue)
                    .contains("http://hl7.org/fhir/StructureDefinition/" + specificProfile);
        }
        Quantity value = observation.getValueQuantity();
        assertThat(value.getValue()).isEqualByComparingTo(BigDecimal.valueOf(reading.value()));
        assertThat(value.getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(value.getCode()).isEqualTo(type.unit());
        assertCommonFields(observation, reading);
        assertValid(observation);
    }

    @Test
    void spo2CarriesBothCodingsTheOxygensatProfileWants() {
        Observation observation =
                ObservationMapper.toObservation(Readings.quantity("s1", "spo2", 96, "%"), VitalType.SPO2);

        assertThat(observation.getCode().getCoding()).map(Coding::getCode).containsExactly("59408-5", "2708-6");
    }

    @Test
    void bloodPressureIsOnePanelWithSystolicAndDiastolicComponentsAndNoTopLevelValue() {
        ReadingView reading = Readings.bloodPressure("b1", 120, 80);

        Observation observation = ObservationMapper.toObservation(reading, VitalType.BLOOD_PRESSURE);

        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9");
        assertThat(observation.hasValue()).isFalse();
        assertThat(observation.getComponent()).hasSize(2);
        assertThat(observation.getComponent().get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("8480-6");
        assertThat(observation.getComponent().get(0).getValueQuantity().getValue()).isEqualByComparingTo("120");
        assertThat(observation.getComponent().get(0).getValueQuantity().getCode()).isEqualTo("mm[Hg]");
        assertThat(observation.getComponent().get(1).getCode().getCodingFirstRep().getCode()).isEqualTo("8462-4");
        assertThat(observation.getComponent().get(1).getValueQuantity().getValue()).isEqualByComparingTo("80");
        assertThat(observation.getMeta().getProfile()).map(CanonicalType::getValue).containsExactly(
                "http://hl7.org/fhir/StructureDefinition/vitalsigns", "http://hl7.org/fhir/StructureDefinition/bp");
        assertCommonFields(observation, reading);
        assertValid(observation);
    }

    @Test
    void consciousnessIsAnAcvpuCodeWithoutVitalSignsProfile() {
        ReadingView reading = Readings.consciousness("c1", "V");

        Observation observation = ObservationMapper.toObservation(reading, VitalType.CONSCIOUSNESS);

        CodeableConcept value = observation.getValueCodeableConcept();
        assertThat(value.getCodingFirstRep().getCode()).isEqualTo("V");
        assertThat(value.getCodingFirstRep().getDisplay()).isEqualTo("Responds to voice");
        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("67775-7");
        assertThat(observation.getMeta().getProfile()).isEmpty();
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertCommonFields(observation, reading);
        assertValid(observation);
    }

    @Test
    void supplementalOxygenWithFlowIsTheFlowInLitresPerMinuteAndOnOxygen() {
        ReadingView reading = Readings.oxygen("o1", true, 2.0);

        Observation observation = ObservationMapper.toObservation(reading, VitalType.SUPPLEMENTAL_OXYGEN);

        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("3151-8");
        assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("2.0");
        assertThat(observation.getValueQuantity().getCode()).isEqualTo("L/min");
        assertThat(onOxygen(observation)).isTrue();
        assertCommonFields(observation, reading);
        assertValid(observation);
    }

    @Test
    void roomAirIsZeroFlowAndNotOnOxygen() {
        Observation observation = ObservationMapper.toObservation(Readings.oxygen("o2", false, null),
                VitalType.SUPPLEMENTAL_OXYGEN);

        assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("0");
        assertThat(onOxygen(observation)).isFalse();
        assertValid(observation);
    }

    @Test
    void onOxygenWithUnknownFlowHasNoValueButSaysOnOxygen() {
        Observation observation = ObservationMapper.toObservation(Readings.oxygen("o3", true, null),
                VitalType.SUPPLEMENTAL_OXYGEN);

        assertThat(observation.hasValue()).isFalse();
        assertThat(observation.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("unknown");
        assertThat(onOxygen(observation)).isTrue();
        assertValid(observation);
    }

    @Test
    void rrIntervalsAreSampledDataInMillisecondsWithTheMeanIntervalAsPeriodOverTheWindow() {
        ReadingView reading = Readings.rrIntervals("rr1", List.of(812.0, 790.0, 805.0, 798.0, 820.0, 801.0));

        Observation observation = ObservationMapper.toObservation(reading, VitalType.RR_INTERVALS);

        assertThat(observation.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("8637-1");
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(observation.getMeta().getProfile()).isEmpty();
        SampledData data = observation.getValueSampledData();
        assertThat(data.getData()).isEqualTo("812 790 805 798 820 801");
        assertThat(data.getDimensions()).isEqualTo(1);
        assertThat(data.getPeriod()).isEqualByComparingTo("804.3");
        assertThat(data.getOrigin().getValue()).isEqualByComparingTo("0");
        assertThat(data.getOrigin().getCode()).isEqualTo("ms");
        assertThat(data.getOrigin().getSystem()).isEqualTo("http://unitsofmeasure.org");
        Period window = observation.getEffectivePeriod();
        assertThat(window.getStart().toInstant()).isEqualTo(reading.time());
        assertThat(window.getEnd().toInstant()).isEqualTo(reading.time().plusMillis(812 + 790 + 805 + 798 + 820 + 801));
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + reading.patientId());
        assertValid(observation);
    }

    @Test
    void theLargestSeriesIsOneSampledDataThatStillValidates() {
        List<Double> values = java.util.stream.IntStream.range(0, VitalType.MAX_SERIES_VALUES)
                .mapToObj(i -> 700.0 + (i % 200)).toList();

        Observation observation = ObservationMapper.toObservation(Readings.rrIntervals("rr2", values),
                VitalType.RR_INTERVALS);

        assertThat(observation.getValueSampledData().getData().split(" ")).hasSize(VitalType.MAX_SERIES_VALUES);
        assertValid(observation);
    }

    @Test
    void aFallIsSnomed1912002TrueWithItsLocationAsAContainedLocation() {
        ReadingView reading = Readings.fall("f1", 51.5072, -0.1276);

        Observation observation = ObservationMapper.toObservation(reading, VitalType.FALL);

        assertThat(observation.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://snomed.info/sct");
        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("1912002");
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("exam");
        assertThat(observation.getValueBooleanType().booleanValue()).isTrue();
        assertThat(observation.getMeta().getProfile()).isEmpty();
        Reference where = (Reference) observation
                .getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/event-location").getValue();
        assertThat(where.getReference()).isEqualTo("#location");
        Location location = (Location) observation.getContained().getFirst();
        assertThat(location.getPosition().getLatitude()).isEqualByComparingTo("51.5072");
        assertThat(location.getPosition().getLongitude()).isEqualByComparingTo("-0.1276");
        assertCommonFields(observation, reading);
        assertValid(observation);
        String json = FHIR.newJsonParser().encodeResourceToString(observation);
        assertThat(json).contains("\"contained\":[{\"resourceType\":\"Location\"").contains("\"reference\":\"#location\"");
        Observation parsed = FHIR.newJsonParser().parseResource(Observation.class, json);
        assertThat(((Location) parsed.getContained().getFirst()).getPosition().getLatitude())
                .isEqualByComparingTo("51.5072");
    }

    @Test
    void aFallWithoutLocationHasNeitherExtensionNorContainedResource() {
        Observation observation = ObservationMapper.toObservation(Readings.fall("f2", null, null), VitalType.FALL);

        assertThat(observation.getContained()).isEmpty();
        assertThat(observation.getExtension()).isEmpty();
        assertThat(observation.getValueBooleanType().booleanValue()).isTrue();
        assertValid(observation);
    }

    @Test
    void aCompleteNews2ScoreIsSnomedTotalWithASubScoreComponentPerParameterRiskAndDerivedFrom() {
        News2Score score = new News2Score("5d0c3f7e-0000-4000-8000-000000000001", Readings.PATIENT, 5, "medium", 1,
                true, List.of(), java.util.Map.of("respirationRate", 2, "spo2", 1, "airOrOxygen", 0, "systolic", 0,
                        "pulse", 1, "consciousness", 0, "temperature", 1),
                Readings.TIME, List.of("0b7f3c2e-0000-4000-8000-00000000a001", "0b7f3c2e-0000-4000-8000-00000000a002"));

        Observation observation = News2ObservationMapper.toObservation(score);

        assertThat(observation.getIdPart()).isEqualTo(score.id());
        assertThat(observation.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://snomed.info/sct");
        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("1104051000000101");
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("survey");
        assertThat(observation.getValueIntegerType().getValue()).isEqualTo(5);
        assertThat(observation.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(Readings.TIME);
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + Readings.PATIENT);
        assertThat(observation.getDerivedFrom()).extracting(Reference::getReference).containsExactly(
                "Observation/0b7f3c2e-0000-4000-8000-00000000a001", "Observation/0b7f3c2e-0000-4000-8000-00000000a002");
        assertThat(observation.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .containsExactly("respirationRate", "spo2", "airOrOxygen", "systolic", "pulse", "consciousness",
                        "temperature", "scale", "risk", "complete");
        assertThat(observation.getComponent().subList(0, 7)).extracting(c -> c.getValueIntegerType().getValue())
                .containsExactly(2, 1, 0, 0, 1, 0, 1);
        assertThat(component(observation, "risk").getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("medium");
        assertThat(component(observation, "scale").getValueIntegerType().getValue()).isEqualTo(1);
        assertThat(observation.getNote()).isEmpty();
        assertValid(observation);
    }

    @Test
    void anIncompleteNews2ScoreSaysWhichParametersAreMissingAndScoresThemAsAbsentNotNormal() {
        java.util.Map<String, Integer> subScores = new java.util.HashMap<>(java.util.Map.of("spo2", 0,
                "airOrOxygen", 0, "systolic", 0, "pulse", 3, "consciousness", 0));
        subScores.put("temperature", null);
        News2Score score = new News2Score("5d0c3f7e-0000-4000-8000-000000000002", Readings.PATIENT, null, null,
                2, false, List.of("respirationRate", "temperature"), subScores, Readings.TIME, List.of());

        Observation observation = News2ObservationMapper.toObservation(score);

        ObservationComponentComponent respiration = component(observation, "respirationRate");
        assertThat(respiration.hasValue()).isFalse();
        assertThat(respiration.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("not-performed");
        assertThat(component(observation, "temperature").hasValue()).isFalse();
        assertThat(component(observation, "complete").getValueBooleanType().booleanValue()).isFalse();
        assertThat(observation.hasValue()).as("no total for an incomplete score").isFalse();
        assertThat(observation.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("unknown");
        assertThat(observation.getComponent()).noneMatch(c -> c.getCode().getCodingFirstRep().getCode().equals("risk"));
        assertThat(observation.getNoteFirstRep().getText()).contains("respirationRate, temperature");
        assertValid(observation);
    }

    private static ObservationComponentComponent component(Observation observation, String code) {
        return observation.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void readingMissingWhatItsTypeNeedsIsRefused() {
        ReadingView noSystolic = new ReadingView("x", Readings.DEVICE, "r", Readings.PATIENT, "blood-pressure",
                Readings.TIME, null, null, null, null, 80.0, null, null, null);

        assertThatThrownBy(() -> ObservationMapper.toObservation(noSystolic, VitalType.BLOOD_PRESSURE))
                .isInstanceOf(ObservationMapper.UnmappableReadingException.class).hasMessageContaining("systolic");
    }

    @Test
    void validatorCatchesABloodPressureWithoutItsComponents() {
        Observation observation =
                ObservationMapper.toObservation(Readings.bloodPressure("b2", 120, 80), VitalType.BLOOD_PRESSURE);
        observation.getComponent().clear();

        assertThat(OfflineValidator.errors(observation)).isNotEmpty();
    }

    private static boolean onOxygen(Observation observation) {
        return observation.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("57485005"))
                .map(c -> ((BooleanType) c.getValue()).booleanValue()).findFirst().orElseThrow();
    }

    private static void assertCommonFields(Observation observation, ReadingView reading) {
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + reading.patientId());
        assertThat(observation.getDevice().getReference()).isEqualTo("Device/" + reading.deviceId());
        assertThat(observation.getIdentifierFirstRep().getSystem())
                .isEqualTo("urn:vigil:device:" + reading.deviceId() + ":reading");
        assertThat(observation.getIdentifierFirstRep().getValue()).isEqualTo(reading.readingId());
        assertThat(observation.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(reading.time());
        assertThat(observation.getIssued().toInstant()).isEqualTo(reading.receivedAt());
    }

    private static void assertValid(Observation observation) {
        List<SingleValidationMessage> problems = OfflineValidator.errors(observation);
        assertThat(problems).as(() -> FHIR.newJsonParser().encodeResourceToString(observation)).isEmpty();
    }
}
