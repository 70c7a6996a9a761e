package org.vigil.ingest.reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.vigil.ingest.IngestProperties;
import org.vigil.service.TokenBuckets;

/**
 * Bounds what requests without a valid device token cost: each refusal (401) takes a token from its address's bucket
 * and from one bucket for everyone; once either is empty, further requests that are not from a device we already know
 * are answered 429 before vitals-service is asked or an audit record written. A made-up token never gets a bucket of
 * its own, so sending a new one each time buys nothing.
 *
 * <p>The address is the last {@code X-Forwarded-For} hop (what the gateway saw; the first hop is whatever the caller
 * wrote), else the peer.
 */
@Component
class RefusalLimiter {

    static final int MAX_ADDRESSES = 100_000;
    private static final String EVERYONE = "everyone";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TokenBuckets perAddress;
    private final TokenBuckets total;
    private final Counter limited;

    @Autowired
    RefusalLimiter(IngestProperties properties, MeterRegistry registry) {
        this(properties.refusals(), registry, System::nanoTime);
    }

    RefusalLimiter(IngestProperties.RefusalLimits limits, MeterRegistry registry, LongSupplier nanoTime) {
        this.perAddress = new TokenBuckets(limits.perAddressPerSecond(), limits.perAddressBurst(), MAX_ADDRESSES,
                nanoTime);
        this.total = new TokenBuckets(limits.totalPerSecond(), limits.totalBurst(), 1, nanoTime);
        this.limited = Counter.builder("vigil.ingest.refusals-limited")
                .description("Requests without a valid device token answered 429: their address, or everyone, "
                        + "sent too many refused requests")
                .register(registry);
    }

    static String addressOf(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].strip();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return request.getRemoteAddr();
    }

    /** Before a token we do not know is looked up: 429 if this address, or everyone, has no refusals left. */
    void checkBeforeLookup(String address) {
        long wait = Math.max(perAddress.peek(address), total.peek(EVERYONE));
        if (wait > 0) {
            throw refused(wait);
        }
    }

    /** Counts a refusal; 429 instead of the 401 if it is one too many. */
    void charge(String address) {
        long wait = perAddress.take(address);
        if (wait == 0) {
            wait = total.take(EVERYONE);
        }
        if (wait > 0) {
            throw refused(wait);
        }
    }

    private RateLimitedException refused(long waitNanos) {
        limited.increment();
        long seconds = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        return new RateLimitedException("too many requests with missing, unknown or revoked device tokens from this "
                + "address; nothing was accepted, retry after " + seconds + " s", seconds);
    }
}
