package org.vigil.alert.technical;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import org.vigil.alert.rule.Clear;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Signal;
import org.vigil.common.events.ReadingRecorded;

/**
 * Notes, for the {@link SilenceChecker}, when each device last sent a reading (its arrival at ingest, not the time it
 * was measured: a device uploading a backlog is not silent), in the reading batch's transaction; a device that was
 * silent and sends again has its {@code device-silent} alert resolved.
 */
@Component
class DevicePresenceRule implements ReadingRule {

    private final DeviceWatches watches;
    private final Clock clock;

    DevicePresenceRule(DeviceWatches watches, Clock clock) {
        this.watches = watches;
        this.clock = clock;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        return watches.seen(reading.deviceId(), reading.receivedAt(), clock.instant())
                .filter(previous -> previous.level() != DeviceWatches.Level.NONE
                        && previous.alertedPatientId() != null)
                .<List<Signal>>map(previous -> List.of(new Clear(previous.alertedPatientId(), SilenceChecker.RULE_ID,
                        reading.receivedAt(), "device sending again")))
                .orElse(List.of());
    }
}
