package org.vigil.ingest.reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.vigil.ingest.IngestProperties;
import org.vigil.service.TokenBuckets;

/**
 * A token bucket per authenticated device (service-support's {@link TokenBuckets}): {@code burst} requests at once,
 * refilled at {@code requestsPerSecond}. Kept in memory, per instance; idle buckets are dropped once they would be full
 * again, and a cap bounds the rest.
 */
@Component
class DeviceRateLimiter {

    /** Far above any real fleet's active devices in one refill period; beyond it new devices share one bucket. */
    static final int MAX_BUCKETS = 200_000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TokenBuckets buckets;
    private final Counter limited;

    @Autowired
    DeviceRateLimiter(IngestProperties properties, MeterRegistry registry) {
        this(properties.rateLimit(), registry, System::nanoTime);
    }

    DeviceRateLimiter(IngestProperties.RateLimit limit, MeterRegistry registry, LongSupplier nanoTime) {
        this.buckets = new TokenBuckets(limit.requestsPerSecond(), limit.burst(), MAX_BUCKETS, nanoTime);
        // Tagged by nothing: a device id would be a metric per device, and could lead to a patient.
        this.limited = Counter.builder("vigil.ingest.rate-limited")
                .description("Device requests refused because the device exceeded its rate limit")
                .register(registry);
    }

    /** Takes one request from the device's bucket, or throws {@link RateLimitedException} (429) when it is empty. */
    void acquire(String deviceId) {
        long waitNanos = buckets.take(deviceId);
        if (waitNanos > 0) {
            limited.increment();
            throw new RateLimitedException(Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
        }
    }

    /** Buckets held right now, for tests of the memory bound. */
    long size() {
        buckets.forgetIdle();
        return buckets.trackedCallers();
    }
}
