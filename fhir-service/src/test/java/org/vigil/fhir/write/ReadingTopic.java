package org.vigil.fhir.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;

/**
 * {@code vigil.reading-recorded.v1} read from the beginning as vitals-service and alert-service should read it
 * (read_committed: records of an aborted or open Kafka transaction are never seen), every record's key checked.
 */
final class ReadingTopic implements AutoCloseable {

    private final String bootstrapServers;
    private final List<ReadingRecorded> published = new ArrayList<>();
    private KafkaConsumer<String, byte[]> consumer;

    ReadingTopic(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The event published with this id (the Observation id). */
    synchronized ReadingRecorded event(String eventId) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            Optional<ReadingRecorded> found = published.stream()
                    .filter(e -> e.eventId().toString().equals(eventId)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            poll();
        }
        throw new AssertionError("no event " + eventId + " on " + Topics.READING_RECORDED.name());
    }

    synchronized List<ReadingRecorded> withReadingId(String readingId) {
        poll();
        return published.stream().filter(e -> e.readingId().equals(readingId)).toList();
    }

    private void poll() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.READING_RECORDED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            ReadingRecorded event = Topics.READING_RECORDED.codec().decode(record.value());
            assertThat(record.key()).isEqualTo(event.patientId());
            published.add(event);
        }
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
