package org.vigil.alert.rule;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.VitalType;

/**
 * Breaches when one value of a reading is beyond a fixed threshold: the reading's {@code value}, or for blood pressure
 * the named {@code component}. Thresholds are in the type's canonical unit, the unit readings arrive in.
 *
 * @param component {@link #SYSTOLIC} for a blood-pressure component, null for the reading's value
 */
record ThresholdRule(String id, String vitalType, @Nullable String component, Operator operator, BigDecimal threshold,
        String unit, Severity severity, String description) implements Rule {

    static final String SYSTOLIC = "systolic";

    ThresholdRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vitalType, "vitalType");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(threshold, "threshold");
        if (component != null && !SYSTOLIC.equals(component)) {
            throw new IllegalArgumentException("rule " + id + " names an unknown component: " + component);
        }
    }

    @Override
    public Set<String> triggeredBy() {
        return Set.of(vitalType);
    }

    @Override
    public Optional<Breach> evaluate(ReadingRecorded reading, PatientContext context) {
        if (!vitalType.equals(reading.type())) {
            return Optional.empty();
        }
        Double value = component == null ? reading.value() : reading.systolic();
        if (value == null || !Double.isFinite(value) || !operator.breaches(value, threshold)) {
            return Optional.empty();
        }
        String message = label() + " " + format(BigDecimal.valueOf(value)) + " " + unit + " " + operator.phrase() + " "
                + format(threshold) + " " + unit;
        return Optional.of(new Breach(id, vitalType, Breach.CLINICAL, severity, message, value, unit,
                operator.worse(), reading));
    }

    /** What a clinician calls the value, e.g. "Heart rate", "Systolic blood pressure". */
    private String label() {
        if (SYSTOLIC.equals(component)) {
            return "Systolic blood pressure";
        }
        return switch (vitalType) {
            case "spo2" -> "SpO2";
            case "body-temperature" -> "Temperature";
            case "blood-glucose" -> "Blood glucose";
            default -> VitalType.fromCode(vitalType).map(VitalType::display).orElse(vitalType);
        };
    }

    private static String format(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }
}
