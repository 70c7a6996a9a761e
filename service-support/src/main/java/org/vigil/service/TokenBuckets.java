package org.vigil.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate limits, one token bucket per caller, in memory (the gateway's per client, ingest's per device): each caller may send {@code burst} requests at once and
 * {@code requestsPerSecond} on average; a caller over its limit never touches another's bucket. Memory is bounded:
 * buckets idle long enough to have refilled completely are dropped (a new bucket would be identical), at most once a
 * second; beyond {@code maxCallers} tracked callers, new callers share one overflow bucket until the sweep frees room.
 */
public final class TokenBuckets {

    public static final String OVERFLOW = "overflow";
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final double tokensPerNano;
    private final double burst;
    private final long refillNanos;
    private final int maxCallers;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} */
    public TokenBuckets(double requestsPerSecond, int burst, int maxCallers, LongSupplier nanoTime) {
        if (requestsPerSecond <= 0 || burst < 1 || maxCallers < 1) {
            throw new IllegalArgumentException("Rate limits need requests-per-second > 0, burst >= 1, max-callers >= 1");
        }
        this.tokensPerNano = requestsPerSecond / 1e9;
        this.burst = burst;
        this.refillNanos = (long) Math.ceil(burst / tokensPerNano);
        this.maxCallers = maxCallers;
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Takes one token from the caller's bucket.
     *
     * @return 0 if the request may pass, otherwise the nanoseconds until the caller's next token
     */
    public long take(String caller) {
        long now = nanoTime.getAsLong();
        sweepIfDue(now);
        Bucket bucket = buckets.get(caller);
        if (bucket == null) {
            String key = buckets.size() < maxCallers ? caller : OVERFLOW;
            bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        }
        return bucket.take(now);
    }

    /**
     * Whether the caller could take a token now, without taking it (nor starting a bucket for a caller not seen yet):
     * for limits charged only when a request turns out to be refused.
     *
     * @return 0 if a token is there, otherwise the nanoseconds until there is one
     */
    public long peek(String caller) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(caller);
        if (bucket == null && buckets.size() >= maxCallers) {
            bucket = buckets.get(OVERFLOW);
        }
        return bucket == null ? 0 : bucket.peek(now);
    }

    public int trackedCallers() {
        return buckets.size();
    }

    /** Drops every bucket idle long enough to be full again, now rather than at the next sweep. */
    public void forgetIdle() {
        long now = nanoTime.getAsLong();
        lastSweep.set(now);
        buckets.values().removeIf(bucket -> bucket.idleSince(now) >= refillNanos);
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        buckets.values().removeIf(bucket -> bucket.idleSince(now) >= refillNanos);
    }

    private final class Bucket {

        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * tokensPerNano);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
        }

        synchronized long peek(long now) {
            double available = Math.min(burst, tokens + (now - updated) * tokensPerNano);
            return available >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - available) / tokensPerNano));
        }

        synchronized long idleSince(long now) {
            return now - updated;
        }
    }
}
