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
public record ThresholdRule(String id, String vitalType, @Nullable String component, Operator operator, BigDecimal threshold,
        String unit, Severity severity, String description) implements Rule {

    public static final String SYSTOLIC = "systolic";

    public ThresholdRule {
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
        Double value = valueOf(reading);
        if (value == null || !operator.breaches(value, threshold)) {
            return Optional.empty();
        }
        String message = label() + " " + format(BigDecimal.valueOf(value)) + " " + unit + " " + operator.phrase() + " "
                + format(threshold) + " " + unit;
        return Optional.of(new Breach(id, vitalType, Breach.CLINICAL, severity, message, value, unit,
                operator.worse(), reading));
    }

    /** The value of the reading this rule compares, null if the reading lacks it (or it is not a number). */
    public @Nullable Double valueOf(ReadingRecorded reading) {
        if (!vitalType.equals(reading.type())) {
            return null;
        }
        Double value = component == null ? reading.value() : reading.systolic();
        return value == null || !Double.isFinite(value) ? null : value;
    }

    /**
     * Whether a value no longer breaching is far enough from the threshold to count towards clearing: beyond it by
     * {@code margin} on the normal side (a high rule clears below {@code threshold - margin}, a low rule above
     * {@code threshold + margin}), so that a value hovering at the threshold does not raise and clear by turns.
     */
    public boolean clears(double value, BigDecimal margin) {
        BigDecimal v = BigDecimal.valueOf(value);
        return operator.worse() == Worse.HIGHER
                ? v.compareTo(threshold.subtract(margin)) < 0
                : v.compareTo(threshold.add(margin)) > 0;
    }

    /** What a clinician calls the value, e.g. "Heart rate", "Systolic blood pressure". */
    public String label() {
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
