package org.vigil.alert.rule;

import java.util.Optional;
import java.util.Set;
import org.vigil.common.events.ReadingRecorded;

/**
 * A clinical rule: looks at one reading, with what is known about its patient, and says whether it breaches. Threshold
 * rules are the first kind; NEWS2 scores, per-patient thresholds, persistence windows, trends and technical alerts are
 * meant to be further implementations, which is why a rule sees a {@link PatientContext} and not just the reading.
 */
public interface Rule {

    /** Stable id, e.g. {@code heart-rate-high}; an alert names the rule that raised it by this id. */
    String id();

    /** The reading types ({@link org.vigil.common.vitals.VitalType#code()}) whose readings this rule looks at. */
    Set<String> triggeredBy();

    /** The breach this reading makes, or empty if it makes none (or lacks the value this rule needs). */
    Optional<Breach> evaluate(ReadingRecorded reading, PatientContext context);
}
