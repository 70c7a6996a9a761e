package org.vigil.simulator.gateway;

import java.time.Duration;

/** Exponential back-off: 0.5 s, 1 s, 2 s ... capped, reset after a success. */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the next attempt; each call doubles the one after, up to the cap. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    public void reset() {
        next = first;
    }
}
