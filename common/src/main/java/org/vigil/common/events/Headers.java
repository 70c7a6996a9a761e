package org.vigil.common.events;

/** Kafka record headers that Vigil sets. Values are UTF-8 strings. */
public final class Headers {

    /** The correlation id of the HTTP request that caused the record (also in the event where it has a field). */
    public static final String CORRELATION_ID = "vigil-correlation-id";
    /** On a dead-letter record: why the consumer could not process it. Never holds the record's content. */
    public static final String DLT_REASON = "vigil-dlt-reason";
    /** On a dead-letter record: the consumer group that gave up on it. */
    public static final String DLT_CONSUMER = "vigil-dlt-consumer";
    /** On a dead-letter record: topic, partition and offset it came from, as {@code topic/partition/offset}. */
    public static final String DLT_ORIGIN = "vigil-dlt-origin";

    private Headers() {
    }
}
