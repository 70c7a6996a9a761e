package org.vigil.alert.rule;

/**
 * What rules may know about a patient beyond the reading in hand. Empty but for the id so far: per-patient thresholds,
 * recent readings (for persistence windows and trends) and NEWS2's other parameters are meant to be added here, so
 * that rules needing them do not change the {@link Rule} interface.
 */
public record PatientContext(String patientId) {
}
