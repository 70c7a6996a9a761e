package org.vigil.alert.ward;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vigil.alert.rule.Operator;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.ThresholdRule;
import org.vigil.alert.rule.Worse;

/**
 * How a latest value stands against the patient's threshold rules in force, in the spirit of HL7's
 * ObservationInterpretation codes (v3-ObservationInterpretation: L/H low/high, LL/HH critically low/high): a breached
 * rule of severity {@code high} (the NEWS2 single-parameter "red score" band, see README) is {@code critical-low} or
 * {@code critical-high}, a breached rule of lower severity {@code low} or {@code high}, no breached rule
 * {@code normal}. Only threshold rules count (a trend is not a property of one value); the comparison is the rule's
 * own ({@link Operator#breaches}, exact at the boundary), so that the ward never disagrees with the alerts.
 *
 * @param code normal, low, high, critical-low or critical-high
 * @param text for people, naming the breached rule's threshold: "Critical high (above 130 /min)"
 */
record Interpretation(String code, String text) {

    static final Interpretation NORMAL = new Interpretation("normal", "Normal");

    /**
     * The interpretation of a value of {@code type} (for blood pressure, {@code systolic} is what the rules compare),
     * empty when no enabled threshold rule looks at it (a weight, a level of consciousness): nothing to say it is normal.
     * Of two breached rules of the same severity the first in {@code enabledRules} is named.
     */
    static Optional<Interpretation> of(String type, @Nullable Double value, @Nullable Double systolic,
            List<ThresholdRule> enabledRules) {
        boolean judged = false;
        ThresholdRule worst = null;
        for (ThresholdRule rule : enabledRules) {
            if (!rule.vitalType().equals(type)) {
                continue;
            }
            Double compared = ThresholdRule.SYSTOLIC.equals(rule.component()) ? systolic : value;
            if (compared == null || !Double.isFinite(compared)) {
                continue;
            }
            judged = true;
            if (rule.operator().breaches(compared, rule.threshold())
                    && (worst == null || rule.severity().compareTo(worst.severity()) > 0)) {
                worst = rule;
            }
        }
        if (!judged) {
            return Optional.empty();
        }
        if (worst == null) {
            return Optional.of(NORMAL);
        }
        boolean low = worst.operator().worse() == Worse.LOWER;
        boolean critical = worst.severity() == Severity.HIGH;
        String code = (critical ? "critical-" : "") + (low ? "low" : "high");
        String word = (critical ? "Critical " : "") + (low ? "low" : "high");
        String text = Character.toUpperCase(word.charAt(0)) + word.substring(1) + " (" + phrase(worst.operator()) + " "
                + plain(worst.threshold()) + " " + worst.unit() + ")";
        return Optional.of(new Interpretation(code, text));
    }

    private static String phrase(Operator operator) {
        return switch (operator) {
            case GT -> "above";
            case GE -> "at or above";
            case LT -> "below";
            case LE -> "at or below";
        };
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }
}
