package org.vigil.alert.technical;

import org.vigil.alert.rule.Severity;

/**
 * The severities of technical alerts, in one place: low-medium for a sensor that is off and for a device silent past the
 * warning time (look at it soon: the patient is unmonitored, but nothing says they are worse), high once a device has
 * been silent past the urgent time.
 */
final class TechnicalSeverity {

    static final Severity SENSOR_OFF = Severity.LOW_MEDIUM;
    static final Severity SILENT_WARNING = Severity.LOW_MEDIUM;
    static final Severity SILENT_URGENT = Severity.HIGH;
    /** A device taken off a patient: nothing measured is lost, but whoever watches the patient should know. */
    static final Severity UNASSIGNED = Severity.MEDIUM;

    private TechnicalSeverity() {
    }
}
