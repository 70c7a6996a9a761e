package org.vigil.alert.rule;

import org.jspecify.annotations.Nullable;
import org.vigil.common.events.ReadingRecorded;

/**
 * A reading breached a rule: what an alert is raised from, or updated with.
 *
 * @param ruleId the rule's id
 * @param type the reading's type, e.g. {@code heart-rate}
 * @param category {@link #CLINICAL} for rules about the patient; technical alerts (sensor off) will have their own
 * @param message for a clinician, e.g. "Heart rate 142 /min is above 130 /min"
 * @param value the value that breached, in {@code unit}
 * @param worse which direction of {@code value} is worse, to keep the worst of several breaches
 * @param reading the reading that breached
 */
public record Breach(String ruleId, String type, String category, Severity severity, String message, double value,
        @Nullable String unit, Worse worse, ReadingRecorded reading) implements Signal {

    public static final String CLINICAL = "clinical";
    /** About the device or the signal (sensor off, device silent), kept apart from clinical alerts. */
    public static final String TECHNICAL = "technical";
}
