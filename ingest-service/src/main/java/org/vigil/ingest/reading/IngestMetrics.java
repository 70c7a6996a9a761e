package org.vigil.ingest.reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Counters of what became of readings, and the time Kafka takes to acknowledge a request's records. */
@Component
class IngestMetrics {

    private final Counter accepted;
    private final Counter duplicates;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Timer publishSucceeded;
    private final Timer publishFailed;

    IngestMetrics(MeterRegistry registry) {
        accepted = Counter.builder("vigil.readings.accepted")
                .description("Readings published to Kafka and acknowledged").register(registry);
        duplicates = Counter.builder("vigil.readings.duplicates")
                .description("Readings already accepted before, or earlier in the same request").register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, Counter.builder("vigil.readings.rejected")
                    .description("Readings refused, by reason").tag("reason", reason.code()).register(registry));
        }
        publishSucceeded = publishTimer(registry, "success");
        publishFailed = publishTimer(registry, "failure");
    }

    private static Timer publishTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("vigil.kafka.publish")
                .description("Sending one request's accepted readings until Kafka acknowledged all of them")
                .tag("outcome", outcome).register(registry);
    }

    void accepted(int count) {
        accepted.increment(count);
    }

    void duplicates(int count) {
        duplicates.increment(count);
    }

    void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    Timer publishTimer(boolean succeeded) {
        return succeeded ? publishSucceeded : publishFailed;
    }
}
