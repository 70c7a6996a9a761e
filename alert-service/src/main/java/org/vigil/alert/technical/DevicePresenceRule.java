package org.vigil.alert.technical;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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

    private static final Object SEEN = DevicePresenceRule.class.getName() + ".seen";

    private final DeviceWatches watches;
    private final Clock clock;

    DevicePresenceRule(DeviceWatches watches, Clock clock) {
        this.watches = watches;
        this.clock = clock;
    }

    /** A cancelled or valueless reading still shows that the device is sending. */
    @Override
    public boolean seesUnalertable() {
        return true;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        if (seenInThisBatch(reading.deviceId(), reading.receivedAt())) {
            return List.of();
        }
        return watches.seen(reading.deviceId(), reading.receivedAt(), clock.instant())
                .filter(previous -> previous.level() != DeviceWatches.Level.NONE
                        && previous.alertedPatientId() != null)
                .<List<Signal>>map(previous -> List.of(new Clear(previous.alertedPatientId(), SilenceChecker.RULE_ID,
                        reading.receivedAt(), "device sending again")))
                .orElse(List.of());
    }

    /**
     * A device's readings mostly arrive together (one request carries up to 1,000), so the device's row is written once
     * per batch transaction and arrival time rather than once per reading. If the reading that wrote it is rolled back
     * to its savepoint (a rule failed on it), the device's arrival is recorded by its next batch instead.
     */
    private static boolean seenInThisBatch(String deviceId, Instant receivedAt) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return false;
        }
        @SuppressWarnings("unchecked")
        Map<String, Instant> seen = (Map<String, Instant>) TransactionSynchronizationManager.getResource(SEEN);
        if (seen == null) {
            Map<String, Instant> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(SEEN, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SEEN);
                }
            });
            seen = fresh;
        }
        Instant before = seen.get(deviceId);
        if (before != null && !before.isBefore(receivedAt)) {
            return true;
        }
        seen.put(deviceId, receivedAt);
        return false;
    }
}
