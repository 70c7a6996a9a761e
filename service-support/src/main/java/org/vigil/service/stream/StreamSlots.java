package org.vigil.service.stream;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many long-lived streams (Server-Sent Events) this instance holds open: at most {@code maxPerCaller} per caller
 * (the token's subject) and {@code maxTotal} in all. Each open stream holds a connection, a thread of its own and a
 * queue, so without a bound one caller opening streams in a loop, or everyone together, could exhaust the instance.
 * Beyond a cap {@link #acquire} throws {@link TooManyStreamsException} (429 problem+json with Retry-After, before the
 * response starts); a stream gives its slot back with {@link Slot#release()}, which counts once however often it is
 * called (completion, timeout and error callbacks may all run).
 *
 * <p>Counted per instance, in memory: with several replicas a caller may hold the cap on each.
 */
public final class StreamSlots {

    private final int maxPerCaller;
    private final int maxTotal;
    private final Duration retryAfter;
    private final ConcurrentHashMap<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public StreamSlots(int maxPerCaller, int maxTotal, Duration retryAfter) {
        if (maxPerCaller < 1 || maxTotal < 1 || retryAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "vigil.streams needs max-per-caller >= 1, max-total >= 1 and a retry-after of 0 or more");
        }
        this.maxPerCaller = maxPerCaller;
        this.maxTotal = maxTotal;
        this.retryAfter = retryAfter;
    }

    /**
     * A slot for one more stream of {@code caller}.
     *
     * @throws TooManyStreamsException if the caller already holds {@code maxPerCaller} streams here, or the instance
     *     {@code maxTotal}
     */
    public Slot acquire(String caller) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            throw new TooManyStreamsException("This service already holds its limit of " + maxTotal
                    + " open streams (vigil.streams.max-total); try again later.", retryAfter);
        }
        boolean[] granted = {false};
        perCaller.compute(caller, (k, held) -> {
            int now = held == null ? 0 : held;
            if (now >= maxPerCaller) {
                return now;
            }
            granted[0] = true;
            return now + 1;
        });
        if (!granted[0]) {
            total.decrementAndGet();
            throw new TooManyStreamsException("You already have " + maxPerCaller
                    + " open streams, the limit per caller (vigil.streams.max-per-caller): close one first.",
                    retryAfter);
        }
        return new Slot(caller);
    }

    /** Streams open now, all callers together. */
    public int open() {
        return total.get();
    }

    /** Streams {@code caller} holds open now. */
    public int open(String caller) {
        return perCaller.getOrDefault(caller, 0);
    }

    public int maxPerCaller() {
        return maxPerCaller;
    }

    public int maxTotal() {
        return maxTotal;
    }

    /** One open stream's place; give it back when the stream ends, for whatever reason. */
    public final class Slot {

        private final String caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String caller) {
            this.caller = caller;
        }

        /** Gives the place back; only the first call counts. */
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            // A caller with no stream left is forgotten, so that the map holds only callers with open streams.
            perCaller.computeIfPresent(caller, (k, held) -> held <= 1 ? null : held - 1);
            total.decrementAndGet();
        }
    }
}
