package org.vigil.alert.technical;

import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.vigil.alert.alert.AlertStore;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Worse;
import org.vigil.common.events.ReadingRecorded;

/**
 * Rule {@code device-unassigned}: a device taken off a patient, or moved onto another, raises a technical alert for
 * the patient it measured, so that the end of their monitoring by it is seen rather than silent (issue 13: a device
 * moved by mistake, or by someone who should not have). Resolved automatically once the patient has a device again,
 * or by a clinician acknowledging and resolving it.
 */
@Component
class DeviceUnassigned {

    static final String RULE_ID = "device-unassigned";

    private final AlertStore alerts;

    DeviceUnassigned(AlertStore alerts) {
        this.alerts = alerts;
    }

    void raise(String patientId, String deviceId, boolean movedToAnother, Instant now) {
        String message = "Device " + deviceId + (movedToAnother ? " was moved to another patient" : " was unassigned")
                + " at " + now + ": it no longer measures this patient";
        ReadingRecorded change = new ReadingRecorded(UUID.randomUUID(), deviceId, "unassigned-at-" + now, patientId,
                SilenceChecker.TYPE, now, now, null, null, null, null, null, null, null, null, "alert-service");
        alerts.record(new Breach(RULE_ID, SilenceChecker.TYPE, Breach.TECHNICAL, TechnicalSeverity.UNASSIGNED, message,
                1, null, Worse.HIGHER, change), now);
    }

    void resolve(String patientId, Instant now) {
        alerts.resolveAutomatically(patientId, RULE_ID, now, "the patient has a device again", now);
    }
}
