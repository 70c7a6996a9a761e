package org.vigil.alert.technical;

import org.vigil.alert.rule.Severity;

/**
 * The severities of technical alerts, in one place. The issue asks for low-medium for a sensor that is off and for a
 * device silent past the warning time; {@link Severity} has no LOW_MEDIUM on this branch (the NEWS2 work adds it), so
 * they are medium until then: a lost signal must be looked at within the hour, and it must not read as "low".
 */
final class TechnicalSeverity {

    static final Severity SENSOR_OFF = Severity.MEDIUM;
    static final Severity SILENT_WARNING = Severity.MEDIUM;
    static final Severity SILENT_URGENT = Severity.HIGH;

    private TechnicalSeverity() {
    }
}
