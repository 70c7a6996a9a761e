package org.vigil.alert.threshold;

import java.math.BigDecimal;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.vigil.alert.rule.Operator;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.ThresholdRule;

/**
 * A rule's settings in force for one patient: its defaults, or the patient's override of them.
 *
 * @param kind {@code threshold} (compares a reading's value) or {@code trend} (compares a rate, forecast or change)
 * @param consecutive breaching readings in a row needed before the alert is raised
 * @param minDuration how long the breach must have lasted (first to latest breaching reading) before it is raised
 * @param clearMargin how far inside the normal range a value must be to count towards clearing
 * @param clearReadings readings in a row beyond the margin needed to resolve the alert automatically
 * @param overridden whether these come from a per-patient override
 */
public record ThresholdSettings(String ruleId, String vitalType, @Nullable String component, String kind,
        Operator operator, BigDecimal threshold, String unit, Severity severity, boolean enabled, int consecutive,
        Duration minDuration, BigDecimal clearMargin, int clearReadings, String description, boolean overridden) {

    public static final String THRESHOLD = "threshold";
    public static final String TREND = "trend";

    /** This as a rule that compares one reading with the threshold (for messages and comparisons). */
    public ThresholdRule rule() {
        return new ThresholdRule(ruleId, vitalType, component, operator, threshold, unit, severity, description);
    }
}
