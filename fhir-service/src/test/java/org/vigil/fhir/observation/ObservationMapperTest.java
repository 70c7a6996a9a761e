package org.vigil.fhir.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.common.vitals.VitalType;

class ObservationMapperTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static FhirValidator validator;

    @BeforeAll
    static void offlineValidator() {
        ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR), new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR));
        validator = FHIR.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(support));
    }

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

        assertThat(validator.validateWithResult(observation).getMessages())
                .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
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
        List<SingleValidationMessage> problems = validator.validateWithResult(observation).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
        assertThat(problems).as(() -> FHIR.newJsonParser().encodeResourceToString(observation)).isEmpty();
    }
}
