package org.vigil.ingest.reading;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.vigil.ingest.IngestProperties;

/**
 * A token bucket per authenticated device: {@code burst} requests at once, refilled at {@code requestsPerSecond}. Kept
 * in memory, per instance. A bucket left alone for as long as it takes to refill completely is dropped, since a new
 * one would be the same full bucket; so memory follows the devices active right now, and a cap bounds even that.
 */
@Component
class DeviceRateLimiter {

    /** Far above any real fleet's active devices in one refill period; beyond it the least recent buckets go. */
    static final int MAX_BUCKETS = 200_000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double tokensPerNano;
    private final double burst;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;
    private final Counter limited;

    @Autowired
    DeviceRateLimiter(IngestProperties properties, MeterRegistry registry) {
        this(properties.rateLimit(), registry, Ticker.systemTicker());
    }

    DeviceRateLimiter(IngestProperties.RateLimit limit, MeterRegistry registry, Ticker ticker) {
        this.tokensPerNano = limit.requestsPerSecond() / NANOS_PER_SECOND;
        this.burst = limit.burst();
        this.ticker = ticker;
        long refillNanos = (long) Math.ceil(burst / tokensPerNano);
        this.buckets = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterAccess(Duration.ofNanos(Math.max(refillNanos, NANOS_PER_SECOND)))
                .maximumSize(MAX_BUCKETS)
                .build();
        // Tagged by nothing: a device id would be a metric per device, and could lead to a patient.
        this.limited = Counter.builder("vigil.ingest.rate-limited")
                .description("Device requests refused because the device exceeded its rate limit")
                .register(registry);
    }

    /** Takes one request from the device's bucket, or throws {@link RateLimitedException} (429) when it is empty. */
    void acquire(String deviceId) {
        long now = ticker.read();
        long waitNanos = buckets.get(deviceId, id -> new Bucket(burst, now)).take(now, burst, tokensPerNano);
        if (waitNanos > 0) {
            limited.increment();
            throw new RateLimitedException(Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
        }
    }

    /** Buckets held right now, for tests of the memory bound. */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static final class Bucket {

        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        /** @return 0 if a token was taken, else the nanoseconds until one will be there */
        synchronized long take(long now, double burst, double tokensPerNano) {
            if (now > updatedAt) {
                tokens = Math.min(burst, tokens + (now - updatedAt) * tokensPerNano);
                updatedAt = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
        }
    }
}
