package org.vigil.alert.rule;

/**
 * What a {@link ReadingRule} concludes from a reading: a {@link Breach} raises an alert (or updates the active one with
 * a worse value), a {@link Clear} resolves the patient's active alert of a rule because its condition is over.
 */
public sealed interface Signal permits Breach, Clear {
}
