package org.vigil.ingest;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code vigil.ingest.*}.
 *
 * @param maxBodyBytes largest request body read; larger ones are a 413, whether announced or chunked
 * @param maxReadings most readings in one request; more is a 413
 * @param vitalsUrl base URL of vitals-service's internal API
 * @param vitalsTimeout how long one call to vitals-service may take before the request is a 503
 * @param deviceCacheTtl how long a known device's token and assignments are trusted without asking again
 * @param deviceRefetchAfter a cached device older than this is fetched again before a reading is refused as unassigned
 * @param futureTolerance how far ahead of our clock a reading's time may be (device clocks drift)
 * @param publishTimeout how long to wait for Kafka to acknowledge a request's records before answering 503
 * @param retryAfter what the Retry-After header of a 503 says
 * @param rateLimit how many requests each device may make
 * @param refusals how many refused requests (bad or unknown tokens) an address, and everyone together, may make
 */
@ConfigurationProperties("vigil.ingest")
public record IngestProperties(
        @DefaultValue("1MB") DataSize maxBodyBytes,
        @DefaultValue("1000") int maxReadings,
        @DefaultValue("http://localhost:8082") URI vitalsUrl,
        @DefaultValue("5s") Duration vitalsTimeout,
        @DefaultValue("60s") Duration deviceCacheTtl,
        @DefaultValue("1s") Duration deviceRefetchAfter,
        @DefaultValue("5m") Duration futureTolerance,
        @DefaultValue("20s") Duration publishTimeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue RefusalLimits refusals) {

    /**
     * {@code vigil.ingest.rate-limit.*}: a token bucket per authenticated device.
     *
     * @param requestsPerSecond the sustained rate a device may post at
     * @param burst how many requests a device that was quiet may make at once
     */
    public record RateLimit(@DefaultValue("20") double requestsPerSecond, @DefaultValue("40") int burst) {

        public RateLimit {
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("vigil.ingest.rate-limit.requests-per-second must be above 0");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("vigil.ingest.rate-limit.burst must be at least 1");
            }
        }
    }

    /**
     * {@code vigil.ingest.refusals.*}: what requests without a valid device token may cost. A refused token gets no
     * bucket of its own (anyone can make up tokens); refusals are counted per address and in total, and once either
     * runs out the answer is 429 before vitals-service is asked.
     *
     * @param perAddressPerSecond refused requests one address may make, sustained
     * @param perAddressBurst refused requests one address may make at once
     * @param totalPerSecond refused requests from everyone together, sustained
     * @param totalBurst refused requests from everyone together, at once
     * @param auditInterval one audit record per address, agent and reason in this interval; the rest are counted and
     *     summed up in one more record when it ends
     * @param unknownTokenTtl how long a token vitals-service does not know is refused without asking again
     * @param unknownTokenCacheSize how many such tokens are remembered
     */
    public record RefusalLimits(@DefaultValue("1") double perAddressPerSecond, @DefaultValue("20") int perAddressBurst,
            @DefaultValue("20") double totalPerSecond, @DefaultValue("200") int totalBurst,
            @DefaultValue("60s") Duration auditInterval, @DefaultValue("60s") Duration unknownTokenTtl,
            @DefaultValue("10000") int unknownTokenCacheSize) {
    }
}
