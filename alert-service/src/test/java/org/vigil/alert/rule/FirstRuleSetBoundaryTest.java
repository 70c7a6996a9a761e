package org.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.common.events.ReadingRecorded;

/** Every threshold of the first rule set, on both sides of its boundary. */
class FirstRuleSetBoundaryTest {

    private final FirstRuleSet.Book book = new FirstRuleSet.Book();

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(nullValues = "none", value = {
            "heart-rate, 130, /min, none",
            "heart-rate, 130.5, /min, heart-rate-high",
            "heart-rate, 131, /min, heart-rate-high",
            "heart-rate, 40, /min, none",
            "heart-rate, 39.5, /min, heart-rate-low",
            "heart-rate, 39, /min, heart-rate-low",
            "heart-rate, 72, /min, none",
            "spo2, 90, %, none",
            "spo2, 89.9, %, spo2-low",
            "spo2, 89, %, spo2-low",
            "body-temperature, 39.0, Cel, none",
            "body-temperature, 39.09, Cel, none",
            "body-temperature, 39.1, Cel, temperature-high",
            "body-temperature, 39.2, Cel, temperature-high",
            "respiratory-rate, 24, /min, none",
            "respiratory-rate, 25, /min, respiratory-rate-high",
            "respiratory-rate, 9, /min, none",
            "respiratory-rate, 8, /min, respiratory-rate-low",
            "blood-glucose, 70, mg/dL, none",
            "blood-glucose, 69.9, mg/dL, glucose-low",
            "blood-glucose, 69, mg/dL, glucose-low",
            "blood-glucose, 250, mg/dL, none",
            "blood-glucose, 250.1, mg/dL, glucose-high",
            "blood-glucose, 251, mg/dL, glucose-high",
    })
    void quantityReadingBreachesExactlyTheExpectedRule(String type, double value, String unit, String expectedRule) {
        assertThat(ruleIds(Readings.quantity(type, value, unit)))
                .isEqualTo(expectedRule == null ? List.of() : List.of(expectedRule));
    }

    @ParameterizedTest(name = "systolic {0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "180, none",
            "180.5, systolic-high",
            "181, systolic-high",
            "90, none",
            "89.5, systolic-low",
            "89, systolic-low",
            "120, none",
    })
    void systolicBreachesExactlyTheExpectedRule(double systolic, String expectedRule) {
        assertThat(ruleIds(Readings.bloodPressure(systolic, Math.min(60, systolic - 10))))
                .isEqualTo(expectedRule == null ? List.of() : List.of(expectedRule));
    }

    private List<String> ruleIds(ReadingRecorded reading) {
        return book.evaluate(reading, new PatientContext(reading.patientId())).stream().map(Breach::ruleId).toList();
    }
}
