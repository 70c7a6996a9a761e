package org.vigil.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Shares out the fleet's history upload so that it never floods the platform: at most {@link #perSecond()} readings a
 * second over all devices together, a batch at a time. Every history reading costs alert-service a pass of every rule
 * (a NEWS2 score each), on top of the live readings whose alerts must still come within seconds.
 */
final class HistoryPacer {

    private final double perSecond;
    private Instant nextFree = Instant.EPOCH;

    HistoryPacer(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the history rate must be positive");
        }
        this.perSecond = perSecond;
    }

    double perSecond() {
        return perSecond;
    }

    /**
     * Whether a batch of {@code readings} may go now; if so, the fleet's next batch waits until this one's share of
     * the rate is used up.
     */
    synchronized boolean tryTake(int readings, Instant now) {
        if (now.isBefore(nextFree)) {
            return false;
        }
        nextFree = now.plus(Duration.ofNanos(Math.round(readings / perSecond * 1e9)));
        return true;
    }
}
