package org.vigil.alert.rule;

import java.math.BigDecimal;
import java.util.List;

/**
 * The fixed first rule set of the product issue that introduced alert-service, as V1__rules_and_alerts.sql seeds it.
 * {@code SeededRulesIT} proves the table holds exactly these, so the boundary tests here are about what runs.
 */
final class FirstRuleSet {

    static final List<ThresholdRule> RULES = List.of(
            rule("heart-rate-high", "heart-rate", null, Operator.GT, "130", "/min", Severity.HIGH,
                    "Heart rate above 130 /min"),
            rule("heart-rate-low", "heart-rate", null, Operator.LT, "40", "/min", Severity.HIGH,
                    "Heart rate below 40 /min"),
            rule("spo2-low", "spo2", null, Operator.LT, "90", "%", Severity.HIGH, "SpO2 below 90 %"),
            rule("systolic-high", "blood-pressure", "systolic", Operator.GT, "180", "mm[Hg]", Severity.MEDIUM,
                    "Systolic blood pressure above 180 mm[Hg]"),
            rule("systolic-low", "blood-pressure", "systolic", Operator.LT, "90", "mm[Hg]", Severity.HIGH,
                    "Systolic blood pressure below 90 mm[Hg]"),
            rule("temperature-high", "body-temperature", null, Operator.GE, "39.1", "Cel", Severity.MEDIUM,
                    "Temperature at or above 39.1 Cel"),
            rule("respiratory-rate-high", "respiratory-rate", null, Operator.GE, "25", "/min", Severity.HIGH,
                    "Respiratory rate at or above 25 /min"),
            rule("respiratory-rate-low", "respiratory-rate", null, Operator.LE, "8", "/min", Severity.HIGH,
                    "Respiratory rate at or below 8 /min"),
            rule("glucose-low", "blood-glucose", null, Operator.LT, "70", "mg/dL", Severity.MEDIUM,
                    "Blood glucose below 70 mg/dL"),
            rule("glucose-high", "blood-glucose", null, Operator.GT, "250", "mg/dL", Severity.MEDIUM,
                    "Blood glucose above 250 mg/dL"));

    private FirstRuleSet() {
    }

    /** Evaluates every rule of the set on one reading (no per-patient state: that is the threshold package's). */
    static final class Book {

        List<Breach> evaluate(org.vigil.common.events.ReadingRecorded reading, PatientContext context) {
            return RULES.stream().flatMap(rule -> rule.evaluate(reading, context).stream()).toList();
        }
    }

    private static ThresholdRule rule(String id, String type, String component, Operator operator, String threshold,
            String unit, Severity severity, String description) {
        return new ThresholdRule(id, type, component, operator, new BigDecimal(threshold), unit, severity,
                description);
    }
}
