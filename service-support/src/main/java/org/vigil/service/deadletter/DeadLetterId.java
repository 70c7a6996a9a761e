package org.vigil.service.deadletter;

import org.jspecify.annotations.Nullable;

/**
 * Where a dead letter is: its dead-letter topic, partition and offset, written {@code <topic>:<partition>:<offset>}
 * (Kafka topic names hold no colon), e.g. {@code vigil.reading-recorded.v1.dlt:3:42}.
 */
public record DeadLetterId(String topic, int partition, long offset) {

    /** Kafka's limit for a topic name. */
    private static final int MAX_TOPIC = 249;

    public DeadLetterId {
        if (topic.isEmpty() || partition < 0 || offset < 0) {
            throw new IllegalArgumentException("topic, partition and offset must be given and not negative");
        }
    }

    /**
     * Reads {@code <topic>:<partition>:<offset>}.
     *
     * @throws IllegalArgumentException saying what is wrong, without quoting the value
     */
    public static DeadLetterId parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        int second = value.lastIndexOf(':');
        int first = second <= 0 ? -1 : value.lastIndexOf(':', second - 1);
        if (first <= 0) {
            throw new IllegalArgumentException("is not <topic>:<partition>:<offset>");
        }
        String topic = value.substring(0, first);
        if (topic.length() > MAX_TOPIC || !topic.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("does not start with a Kafka topic name");
        }
        int partition;
        long offset;
        try {
            partition = Integer.parseInt(value.substring(first + 1, second));
            offset = Long.parseLong(value.substring(second + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must end with a partition and an offset, whole numbers");
        }
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("has a negative partition or offset");
        }
        return new DeadLetterId(topic, partition, offset);
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
