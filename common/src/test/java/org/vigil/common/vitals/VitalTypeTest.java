package org.vigil.common.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VitalTypeTest {

    @Test
    void everyTypeOfTheFirstVersionIsInTheCatalogue() {
        assertThat(VitalType.values()).extracting(VitalType::code).containsExactly("heart-rate", "respiratory-rate",
                "spo2", "body-temperature", "blood-pressure", "blood-glucose", "body-weight", "consciousness",
                "supplemental-oxygen", "rr-intervals", "fall");
    }

    @ParameterizedTest(name = "{0} {1} {2} is {3} in the canonical unit")
    @CsvSource({
        "body-temperature, 98.6, [degF], 37.0",
        "body-temperature, 102.2, °F, 39.0",
        "body-temperature, 37.4, Cel, 37.4",
        "body-temperature, 37.4, °C, 37.4",
        "blood-glucose, 5.5, mmol/L, 99.1",
        "blood-glucose, 5.5, mmol/l, 99.1",
        "blood-glucose, 180, mg/dL, 180.0",
        "body-weight, 154, lb, 69.853",
        "body-weight, 154, [lb_av], 69.853",
        "body-weight, 70000, g, 70.0",
        "blood-pressure, 16, kPa, 120.0",
        "blood-pressure, 120, mmHg, 120.0",
        "heart-rate, 72, bpm, 72.0",
        "respiratory-rate, 18, breaths/min, 18.0",
        "spo2, 97, %, 97.0",
    })
    void convertsAcceptedUnitsToTheCanonicalOne(String code, double value, String unit, double expected) {
        VitalType type = VitalType.fromCode(code).orElseThrow();

        assertThat(type.toCanonical(value, unit, "value")).isEqualTo(expected);
    }

    @Test
    void heartRateOfZeroIsAcceptedBecauseADetachedSensorMustReachTheRules() {
        assertThat(VitalType.HEART_RATE.toCanonical(0, "/min", "value")).isZero();
    }

    @ParameterizedTest(name = "{0} {1} {2} is rejected")
    @CsvSource({
        "heart-rate, 351, /min",
        "heart-rate, -1, /min",
        "spo2, 100.1, %",
        "body-temperature, 9.9, Cel",
        "body-temperature, 47.1, Cel",
        "blood-glucose, 9, mg/dL",
    })
    void rejectsValuesNoLivingPersonHas(String code, double value, String unit) {
        VitalType type = VitalType.fromCode(code).orElseThrow();

        assertThatThrownBy(() -> type.toCanonical(value, unit, "value"))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessageContaining("not physiologically possible");
    }

    @Test
    void rangeBoundariesThemselvesAreAccepted() {
        assertThat(VitalType.HEART_RATE.toCanonical(350, "/min", "value")).isEqualTo(350);
        assertThat(VitalType.SPO2.toCanonical(100, "%", "value")).isEqualTo(100);
        assertThat(VitalType.BODY_TEMPERATURE.toCanonical(10, "Cel", "value")).isEqualTo(10);
    }

    @Test
    void unknownUnitNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> VitalType.BODY_TEMPERATURE.toCanonical(37, "K", "value"))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessage("unknown unit 'K' for body-temperature; accepted: C, Cel, F, [degF], degC, degF, °C, °F");
    }

    @Test
    void missingUnitIsRejected() {
        assertThatThrownBy(() -> VitalType.HEART_RATE.toCanonical(72, null, "value"))
                .hasMessage("missing unit for heart-rate; expected /min");
    }

    @Test
    void nonFiniteValuesAreRejected() {
        assertThatThrownBy(() -> VitalType.HEART_RATE.toCanonical(Double.NaN, "/min", "value"))
                .hasMessage("value must be a finite number");
    }

    @Test
    void typesAreFoundByLoincCode() {
        assertThat(VitalType.fromLoinc("8867-4")).contains(VitalType.HEART_RATE);
        assertThat(VitalType.fromLoinc("85354-9")).contains(VitalType.BLOOD_PRESSURE);
        assertThat(VitalType.fromCode("weight")).isEmpty();
        assertThat(VitalType.fromLoinc("1912002")).as("the fall's code is SNOMED CT, not LOINC").isEmpty();
        assertThat(VitalType.FALL.codeSystem()).isEqualTo("http://snomed.info/sct");
    }
}
