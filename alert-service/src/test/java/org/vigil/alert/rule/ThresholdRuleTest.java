package org.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.ReadingRecorded;

class ThresholdRuleTest {

    private final FirstRuleSet.Book book = new FirstRuleSet.Book();

    @Test
    void breachCarriesWhatTheAlertNeeds() {
        ReadingRecorded reading = Readings.quantity("heart-rate", 142, "/min");

        Breach breach = book.evaluate(reading, new PatientContext("pat-1")).getFirst();

        assertThat(breach.ruleId()).isEqualTo("heart-rate-high");
        assertThat(breach.type()).isEqualTo("heart-rate");
        assertThat(breach.category()).isEqualTo("clinical");
        assertThat(breach.severity()).isEqualTo(Severity.HIGH);
        assertThat(breach.message()).isEqualTo("Heart rate 142 /min is above 130 /min");
        assertThat(breach.value()).isEqualTo(142);
        assertThat(breach.unit()).isEqualTo("/min");
        assertThat(breach.worse()).isEqualTo(Worse.HIGHER);
        assertThat(breach.reading()).isSameAs(reading);
    }

    @Test
    void messagesNameTheValueAndTheThresholdInPlainWords() {
        assertThat(message(Readings.quantity("spo2", 85.5, "%"))).isEqualTo("SpO2 85.5 % is below 90 %");
        assertThat(message(Readings.quantity("body-temperature", 39.1, "Cel")))
                .isEqualTo("Temperature 39.1 Cel is at or above 39.1 Cel");
        assertThat(message(Readings.quantity("respiratory-rate", 8, "/min")))
                .isEqualTo("Respiratory rate 8 /min is at or below 8 /min");
        assertThat(message(Readings.bloodPressure(85, 50)))
                .isEqualTo("Systolic blood pressure 85 mm[Hg] is below 90 mm[Hg]");
        assertThat(message(Readings.quantity("blood-glucose", 300, "mg/dL")))
                .isEqualTo("Blood glucose 300 mg/dL is above 250 mg/dL");
    }

    @Test
    void lowRulesCountLowerValuesAsWorse() {
        Breach breach = book.evaluate(Readings.quantity("heart-rate", 35, "/min"), new PatientContext("pat-1"))
                .getFirst();

        assertThat(breach.worse()).isEqualTo(Worse.LOWER);
    }

    @Test
    void typesNoRuleCoversAreIgnored() {
        assertThat(book.evaluate(Readings.quantity("body-weight", 250, "kg"), new PatientContext("pat-1"))).isEmpty();
        assertThat(book.evaluate(Readings.quantity("from-a-newer-producer", 1, "x"), new PatientContext("pat-1")))
                .isEmpty();
    }

    @Test
    void readingWithoutTheValueTheRuleNeedsBreachesNothing() {
        ReadingRecorded noValue = new ReadingRecorded(UUID.randomUUID(), "dev-1", "r-1", "pat-1", "heart-rate",
                Readings.TIME, Readings.TIME, null, "/min", null, null, null, null, null, null, "device");

        assertThat(book.evaluate(noValue, new PatientContext("pat-1"))).isEmpty();
    }

    @Test
    void diastolicDoesNotTriggerSystolicRules() {
        assertThat(book.evaluate(Readings.bloodPressure(120, 85), new PatientContext("pat-1"))).isEmpty();
    }

    private String message(ReadingRecorded reading) {
        return book.evaluate(reading, new PatientContext(reading.patientId())).getFirst().message();
    }
}
