package org.vigil.service.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.Headers;

/**
 * Reads dead-letter topics with a short-lived consumer of its own: assigned partitions, no group, no commits, so that
 * it never disturbs the service's consumers, and every call bounded by a timeout.
 */
final class KafkaDeadLetters {

    /** What a listing found: the newest dead letters of the group, and whether every partition was read to its end. */
    record Found(List<ConsumerRecord<byte[], byte[]>> records, boolean complete) {
    }

    private final Map<String, Object> config;
    private final String consumerGroup;
    private final Duration callTimeout;
    private final Duration listDeadline;
    private final int scanPerPartition;

    /**
     * @param consumerProperties the service's Kafka consumer settings (bootstrap servers, security); group, commits
     *     and deserializers are replaced
     * @param scanPerPartition how many of the newest records of each partition a listing reads at most
     */
    KafkaDeadLetters(Map<String, Object> consumerProperties, String consumerGroup, Duration callTimeout,
            Duration listDeadline, int scanPerPartition) {
        Map<String, Object> own = new HashMap<>(consumerProperties);
        own.remove(ConsumerConfig.GROUP_ID_CONFIG);
        own.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        own.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-dead-letters-" + consumerGroup);
        own.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) callTimeout.toMillis());
        own.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) callTimeout.toMillis());
        own.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        own.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.config = own;
        this.consumerGroup = consumerGroup;
        this.callTimeout = callTimeout;
        this.listDeadline = listDeadline;
        this.scanPerPartition = scanPerPartition;
    }

    String consumerGroup() {
        return consumerGroup;
    }

    KafkaConsumer<byte[], byte[]> open() {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static void close(KafkaConsumer<byte[], byte[]> consumer) {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }

    /** The newest {@code limit} dead letters of this group in these topics, newest first. */
    Found newest(Collection<String> topics, int limit) {
        KafkaConsumer<byte[], byte[]> consumer = open();
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : partitionsOf(consumer, topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            if (partitions.isEmpty()) {
                return new Found(List.of(), true);
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, callTimeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, callTimeout);
            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long first = Math.max(begin.getOrDefault(partition, 0L),
                        end.getOrDefault(partition, 0L) - scanPerPartition);
                if (first < end.getOrDefault(partition, 0L)) {
                    from.put(partition, first);
                }
            }
            if (from.isEmpty()) {
                return new Found(List.of(), true);
            }
            // Only the partitions with something to read: an empty one has no position to start from.
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Set<TopicPartition> unread = new HashSet<>(from.keySet());
            // Oldest at the head, so that the oldest goes when a newer one comes and there are too many.
            PriorityQueue<ConsumerRecord<byte[], byte[]>> newest = new PriorityQueue<>(
                    Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                            .thenComparingLong(ConsumerRecord::offset));
            long deadline = System.nanoTime() + listDeadline.toNanos();
            while (!unread.isEmpty() && System.nanoTime() < deadline) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(Math.min(500, left)))) {
                    if (ours(record)) {
                        newest.add(record);
                        if (newest.size() > limit) {
                            newest.poll();
                        }
                    }
                }
                unread.removeIf(p -> consumer.position(p, callTimeout) >= end.get(p));
            }
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>(newest);
            found.sort(newest.comparator().reversed());
            return new Found(found, unread.isEmpty());
        } finally {
            close(consumer);
        }
    }

    /**
     * Exactly the record at this position, if it is still there and is a dead letter of this group (another service's
     * dead letters in a shared dead-letter topic are not this service's to replay).
     */
    Optional<ConsumerRecord<byte[], byte[]>> fetch(KafkaConsumer<byte[], byte[]> consumer, DeadLetterId id) {
        List<PartitionInfo> partitions = partitionsOf(consumer, id.topic());
        if (partitions.stream().noneMatch(p -> p.partition() == id.partition())) {
            return Optional.empty();
        }
        TopicPartition partition = new TopicPartition(id.topic(), id.partition());
        consumer.assign(List.of(partition));
        long begin = consumer.beginningOffsets(List.of(partition), callTimeout).getOrDefault(partition, 0L);
        long end = consumer.endOffsets(List.of(partition), callTimeout).getOrDefault(partition, 0L);
        if (id.offset() < begin || id.offset() >= end) {
            return Optional.empty();
        }
        consumer.seek(partition, id.offset());
        long deadline = System.nanoTime() + callTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                if (record.offset() == id.offset()) {
                    return ours(record) ? Optional.of(record) : Optional.empty();
                }
                if (record.offset() > id.offset()) {
                    // A transaction marker or a compacted-away record: nothing at that offset.
                    return Optional.empty();
                }
            }
            if (consumer.position(partition, callTimeout) > id.offset()) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("timed out reading the dead-letter topic");
    }

    private List<PartitionInfo> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, callTimeout);
        return partitions == null ? List.of() : partitions;
    }

    private boolean ours(ConsumerRecord<byte[], byte[]> record) {
        return consumerGroup.equals(header(record, Headers.DLT_CONSUMER));
    }

    static @Nullable String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
