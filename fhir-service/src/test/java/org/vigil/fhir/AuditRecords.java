package org.vigil.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;

/** The audit records on the real (embedded) topic, found by a request's correlation id. One reader per test JVM. */
public final class AuditRecords {

    private static final List<AuditRecorded> seen = new ArrayList<>();
    private static KafkaConsumer<String, byte[]> consumer;

    private AuditRecords() {
    }

    /** The one record of that request. */
    public static synchronized AuditRecorded of(String correlationId) {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            List<AuditRecorded> matching = seen.stream().filter(r -> correlationId.equals(r.correlationId())).toList();
            if (!matching.isEmpty()) {
                assertThat(matching).as("records of request %s", correlationId).hasSize(1);
                return matching.get(0);
            }
            for (ConsumerRecord<String, byte[]> record : consumer().poll(Duration.ofMillis(200))) {
                seen.add(Topics.AUDIT_RECORDED.codec().decode(record.value()));
            }
        }
        throw new AssertionError("no audit record of request " + correlationId);
    }

    /** The records that match, once at least one does (waiting up to 15 s). */
    public static synchronized List<AuditRecorded> matching(java.util.function.Predicate<AuditRecorded> wanted) {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer().poll(Duration.ofMillis(200))) {
                seen.add(Topics.AUDIT_RECORDED.codec().decode(record.value()));
            }
            List<AuditRecorded> matching = seen.stream().filter(wanted).toList();
            if (!matching.isEmpty()) {
                return matching;
            }
        }
        throw new AssertionError("no such audit record");
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT_RECORDED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        return consumer;
    }
}
