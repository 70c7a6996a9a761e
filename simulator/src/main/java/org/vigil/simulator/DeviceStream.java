package org.vigil.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vigil.simulator.gateway.Backoff;
import org.vigil.simulator.gateway.BatchOutcome;
import org.vigil.simulator.gateway.Device;
import org.vigil.simulator.gateway.GatewayClient;
import org.vigil.simulator.signal.Reading;
import org.vigil.simulator.signal.Scenario;
import org.vigil.simulator.signal.VitalSignGenerator;

/**
 * One monitor: takes a measurement cycle every interval and sends what it has not delivered yet. Like a real device
 * it keeps its readings while the platform is unavailable and backs off, so nothing is lost across a restart of the
 * platform; a resent batch whose first copy did arrive comes back as duplicates, which is the platform's job to spot.
 *
 * <p>After its first cycle is delivered it uploads the patient's history ({@link VitalSignGenerator#history}), oldest
 * first, one batch whenever its live readings are all delivered and the fleet's {@link HistoryPacer} allows: the live
 * readings always go first, and the history arrives as a backlog that charts show and rules leave alone. The device
 * of {@link Scenario#SILENT_DEVICE} uploads its history at once (one device's worth, bounded by the history span)
 * and falls silent for good {@link Scenario#SILENT_AFTER} after its first cycle, once everything it had is delivered.
 */
final class DeviceStream implements Runnable {

    static final int MAX_BATCH = 100;
    /** About 20 minutes of readings at the default interval; beyond that the oldest go. */
    static final int MAX_QUEUED = 2_000;

    private final DemoFleet.Member member;
    private final GatewayClient gateway;
    private final VitalSignGenerator generator;
    private final Duration interval;
    private final @Nullable Instant stopAt;
    private final Stats stats;
    private final PrintStream out;
    private final Duration historySpan;
    private final HistoryPacer pacer;
    private final Deque<Reading> queue = new ArrayDeque<>();
    private final Deque<Reading> history = new ArrayDeque<>();
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private Instant nextAttempt = Instant.EPOCH;
    private int lastRefusal;

    /** @param historySpan how far back before the first cycle the history goes; zero for none */
    DeviceStream(DemoFleet.Member member, GatewayClient gateway, VitalSignGenerator generator, Duration interval,
            @Nullable Instant stopAt, Stats stats, PrintStream out, Duration historySpan, HistoryPacer pacer) {
        this.member = member;
        this.gateway = gateway;
        this.generator = generator;
        this.interval = interval;
        this.stopAt = stopAt;
        this.stats = stats;
        this.out = out;
        this.historySpan = historySpan;
        this.pacer = pacer;
    }

    @Override
    public void run() {
        Instant start = Instant.now();
        try {
            for (long cycle = 1; ; cycle++) {
                Instant now = Instant.now();
                if (stopAt != null && !now.isBefore(stopAt)) {
                    return;
                }
                boolean delivered = cycle(now, cycle == 1);
                if (member.scenario().goesSilent() && delivered && history.isEmpty()
                        && !now.isBefore(start.plus(Scenario.SILENT_AFTER))) {
                    out.printf(Locale.ROOT, "device %s (patient %d) falls silent now, as planned%n",
                            member.device().id(), member.number());
                    return;
                }
                Instant next = start.plus(interval.multipliedBy(cycle));
                if (stopAt != null && next.isAfter(stopAt)) {
                    next = stopAt;
                }
                Duration sleep = Duration.between(Instant.now(), next);
                if (sleep.isPositive()) {
                    Thread.sleep(sleep);
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether everything generated so far has been delivered */
    private boolean cycle(Instant now, boolean first) throws InterruptedException {
        List<Reading> fresh = generator.next(now);
        queue.addAll(fresh);
        stats.waiting(fresh.size());
        if (first && historySpan.isPositive()) {
            history.addAll(generator.history(now.minus(historySpan)));
            stats.historyPlanned(history.size());
        }
        while (queue.size() > MAX_QUEUED) {
            queue.removeFirst();
            stats.waiting(-1);
            stats.dropped(1);
        }
        if (now.isBefore(nextAttempt)) {
            return false;
        }
        while (!queue.isEmpty()) {
            if (!send(queue, false)) {
                return false;
            }
        }
        boolean unpaced = member.scenario().goesSilent();
        while (!history.isEmpty()
                && (unpaced || pacer.tryTake(Math.min(MAX_BATCH, history.size()), Instant.now()))) {
            if (!send(history, true)) {
                return false;
            }
        }
        return true;
    }

    /** Sends the first batch of {@code from} and takes it off; false when the platform was unavailable. */
    private boolean send(Deque<Reading> from, boolean isHistory) throws InterruptedException {
        List<Reading> batch = new ArrayList<>(from.stream().limit(MAX_BATCH).toList());
        BatchOutcome outcome = gateway.sendReadings(member.device(), batch);
        switch (outcome) {
            case BatchOutcome.Unavailable unavailable -> {
                stats.failedAttempt();
                Duration wait = backoff.next();
                if (unavailable.retryAfter() != null && unavailable.retryAfter().compareTo(wait) > 0) {
                    wait = unavailable.retryAfter();
                }
                nextAttempt = Instant.now().plus(wait);
                return false;
            }
            case BatchOutcome.Answered answer -> {
                stats.answered(batch.size(), answer.accepted(), answer.duplicates(), answer.rejected());
                countRejectedTypes(batch, answer.rejectedIds());
            }
            case BatchOutcome.Refused refused -> {
                stats.answered(batch.size(), 0, 0, batch.size());
                reportRefusal(member.device(), refused.status());
            }
        }
        backoff.reset();
        for (int i = 0; i < batch.size(); i++) {
            from.removeFirst();
        }
        if (isHistory) {
            stats.historyAnswered(batch.size());
        } else {
            stats.waiting(-batch.size());
        }
        return true;
    }

    private void countRejectedTypes(List<Reading> batch, List<String> rejectedIds) {
        if (rejectedIds.isEmpty()) {
            return;
        }
        Map<String, String> typeById = new HashMap<>();
        batch.forEach(reading -> typeById.put(reading.id(), reading.type().code()));
        for (String id : rejectedIds) {
            stats.rejectedType(typeById.getOrDefault(id, "unknown"));
        }
    }

    /** Once per device and status: the refusal's detail may quote readings, so only the status is printed. */
    private void reportRefusal(Device device, int status) {
        if (status == lastRefusal) {
            return;
        }
        lastRefusal = status;
        String hint = status == 401 || status == 403 ? " (token not accepted)" : "";
        out.printf(Locale.ROOT, "device %s: POST /api/v1/readings answered %d%s; its readings count as rejected%n",
                device.id(), status, hint);
    }
}
