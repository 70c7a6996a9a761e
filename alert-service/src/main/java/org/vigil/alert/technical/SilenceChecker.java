package org.vigil.alert.technical;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.alert.alert.AlertStore;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Worse;
import org.vigil.alert.technical.DeviceWatches.Level;
import org.vigil.common.events.ReadingRecorded;

/**
 * Rule {@code device-silent}: an assigned device that has sent nothing for {@code vigil.alert.silence.warning} (default
 * 15 minutes) raises a technical alert for its patient, raised to high severity once silent for
 * {@code vigil.alert.silence.urgent} (default 30 minutes): the patient is no longer monitored. Silence is counted from
 * the device's last reading, or from its assignment if it has sent nothing since. The device's next reading resolves
 * the alert ({@link DevicePresenceRule}).
 *
 * <p>Checked every {@code vigil.alert.silence.check-interval}, each round in one transaction that locks the silent rows
 * with {@code FOR UPDATE SKIP LOCKED}, so that several replicas share the work and never raise the same alert twice.
 */
@Component
class SilenceChecker {

    static final String RULE_ID = "device-silent";
    static final String TYPE = "device";
    private static final int ROUND = 500;
    private static final Logger log = LoggerFactory.getLogger(SilenceChecker.class);

    private final DeviceWatches watches;
    private final AlertStore alerts;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration warning;
    private final Duration urgent;

    SilenceChecker(DeviceWatches watches, AlertStore alerts, PlatformTransactionManager transactions, Clock clock,
            @Value("${vigil.alert.silence.warning:PT15M}") Duration warning,
            @Value("${vigil.alert.silence.urgent:PT30M}") Duration urgent) {
        if (warning.isNegative() || warning.isZero() || urgent.compareTo(warning) < 0) {
            throw new IllegalArgumentException(
                    "vigil.alert.silence.warning must be positive and vigil.alert.silence.urgent no shorter");
        }
        this.watches = watches;
        this.alerts = alerts;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.warning = warning;
        this.urgent = urgent;
    }

    @Scheduled(fixedDelayString = "${vigil.alert.silence.check-interval:PT30S}",
            initialDelayString = "${vigil.alert.silence.check-interval:PT30S}")
    void checkScheduled() {
        try {
            int changed;
            do {
                changed = check();
            } while (changed == ROUND);
        } catch (DataAccessException e) {
            log.warn("Could not check devices for silence ({}), trying again next round", e.getClass().getName());
        }
    }

    /** One round: raises or escalates the alerts of devices silent too long. @return devices whose level changed */
    int check() {
        Integer seen = transaction.execute(status -> {
            Instant now = clock.instant();
            var silent = watches.lockSilent(now.minus(warning), now.minus(urgent), ROUND);
            for (DeviceWatches.Silent device : silent) {
                Duration silentFor = Duration.between(device.silentSince(), now);
                Level level = silentFor.compareTo(urgent) >= 0 ? Level.URGENT : Level.WARNING;
                if (level != device.level()) {
                    raise(device, level, silentFor, now);
                }
            }
            return silent.size();
        });
        return seen == null ? 0 : seen;
    }

    private void raise(DeviceWatches.Silent device, Level level, Duration silentFor, Instant now) {
        if (device.alertedPatientId() != null && !device.alertedPatientId().equals(device.patientId())) {
            alerts.resolveAutomatically(device.alertedPatientId(), RULE_ID, now, "device assigned to another patient",
                    now);
        }
        long minutes = silentFor.toMinutes();
        String message = "Device " + device.deviceId() + " has sent nothing for " + minutes + " minutes (since "
                + device.silentSince() + ")" + (level == Level.URGENT ? ": the patient is not being monitored" : "");
        var severity = level == Level.URGENT ? TechnicalSeverity.SILENT_URGENT : TechnicalSeverity.SILENT_WARNING;
        Breach breach = new Breach(RULE_ID, TYPE, Breach.TECHNICAL, severity, message, minutes, "min", Worse.HIGHER,
                silence(device, now));
        alerts.record(breach, now);
        if (level == Level.URGENT) {
            alerts.raiseSeverity(device.patientId(), RULE_ID, severity, message, now);
        }
        watches.markSilence(device.deviceId(), level, device.patientId(), now);
    }

    /**
     * The reading an alert is recorded from must exist, and for a silence there is none: this stands for the silence
     * itself, timed at its start (so that the device's next reading, which arrives later, resolves it).
     */
    private static ReadingRecorded silence(DeviceWatches.Silent device, Instant now) {
        return new ReadingRecorded(UUID.randomUUID(), device.deviceId(), "silent-since-" + device.silentSince(),
                device.patientId(), TYPE, device.silentSince(), now, null, null, null, null, null, null, null, null,
                "alert-service");
    }
}
