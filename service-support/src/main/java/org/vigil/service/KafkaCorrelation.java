package org.vigil.service;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The correlation id on the consuming side of Kafka: read from a record's {@link
 * org.vigil.common.events.Headers#CORRELATION_ID} header, and put in the MDC while the record is handled, so that one
 * device request can be followed through every consumer's log. Kept apart from {@link Correlation} so that services
 * without Kafka (the gateway) never load Kafka's classes.
 */
public final class KafkaCorrelation {

    private KafkaCorrelation() {
    }

    /** The record's correlation header, else {@code fallback} (an event's own field), else null. */
    public static @Nullable String of(Headers headers, @Nullable String fallback) {
        Header header = headers.lastHeader(org.vigil.common.events.Headers.CORRELATION_ID);
        if (header != null && header.value() != null) {
            return new String(header.value(), StandardCharsets.UTF_8);
        }
        return fallback;
    }

    /** Runs {@code work} with the id in the MDC (made safe to log by {@link Correlation#acceptOrCreate}). */
    public static void run(@Nullable String correlationId, Runnable work) {
        if (correlationId == null) {
            work.run();
            return;
        }
        MDC.put(Correlation.MDC_KEY, Correlation.acceptOrCreate(correlationId));
        try {
            work.run();
        } finally {
            MDC.remove(Correlation.MDC_KEY);
        }
    }
}
