package org.vigil.alert.rule;

import java.time.Instant;

/**
 * The condition behind a rule's alert is over for this patient: the active alert, if any, is resolved automatically.
 *
 * @param at the time of the reading that showed it over
 * @param reason for the alert's history, e.g. "heart rate back to 96 /min"
 */
public record Clear(String patientId, String ruleId, Instant at, String reason) implements Signal {
}
