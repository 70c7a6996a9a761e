package org.vigil.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Running totals over all devices, for the progress line. Counts only: never a value. */
final class Stats {

    private final LongAdder sent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder waiting = new LongAdder();
    private final Map<String, LongAdder> rejectedByType = new ConcurrentHashMap<>();
    private final LongAdder historyToSend = new LongAdder();
    private final LongAdder historySent = new LongAdder();

    void answered(int readings, int accepted, int duplicates, int rejected) {
        this.sent.add(readings);
        this.accepted.add(accepted);
        this.duplicates.add(duplicates);
        this.rejected.add(rejected);
    }

    void rejectedType(String type) {
        rejectedByType.computeIfAbsent(type, t -> new LongAdder()).increment();
    }

    void failedAttempt() {
        failedAttempts.increment();
    }

    void dropped(int readings) {
        dropped.add(readings);
    }

    /** History readings a device has to upload. */
    void historyPlanned(int readings) {
        historyToSend.add(readings);
    }

    /** History readings answered by the platform (also counted as sent). */
    void historyAnswered(int readings) {
        historySent.add(readings);
    }

    /** Readings generated but not yet delivered, as the devices report their queues change. */
    void waiting(int change) {
        waiting.add(change);
    }

    long accepted() {
        return accepted.sum();
    }

    String line(Duration elapsed) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%s  sent %d, accepted %d, duplicates %d, rejected %d", clock(elapsed), sent.sum(), accepted.sum(),
                duplicates.sum(), rejected.sum()));
        if (!rejectedByType.isEmpty()) {
            Map<String, Long> byType = new TreeMap<>();
            rejectedByType.forEach((type, count) -> byType.put(type, count.sum()));
            StringJoiner types = new StringJoiner(", ", " (", ")");
            byType.forEach((type, count) -> types.add(type + " " + count));
            line.append(types);
        }
        long planned = historyToSend.sum();
        if (planned > 0) {
            long done = historySent.sum();
            line.append(done >= planned ? String.format(Locale.ROOT, "; history uploaded (%d)", planned)
                    : String.format(Locale.ROOT, "; history %d of %d uploaded", done, planned));
        }
        long queued = waiting.sum();
        if (queued > 0 || failedAttempts.sum() > 0) {
            line.append(String.format(Locale.ROOT, "; waiting to send %d (%d failed attempts)", queued,
                    failedAttempts.sum()));
        }
        if (dropped.sum() > 0) {
            line.append(String.format(Locale.ROOT, "; dropped %d", dropped.sum()));
        }
        return line.toString();
    }

    private static String clock(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
