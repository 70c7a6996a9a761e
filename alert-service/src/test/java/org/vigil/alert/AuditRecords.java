package org.vigil.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;

/** Reads {@code vigil.audit-recorded.v1} from the beginning with a plain consumer, as audit-service would. */
public final class AuditRecords implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<AuditRecorded> seen = new ArrayList<>();

    public AuditRecords() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.AUDIT_RECORDED.name()));
    }

    /** The first record matching, waiting up to a minute for it to arrive. */
    public Optional<AuditRecorded> await(Predicate<AuditRecorded> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Optional<AuditRecorded> found = seen.stream().filter(wanted).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                seen.add(Topics.AUDIT_RECORDED.codec().decode(record.value()));
            }
        }
    }

    /** The record of the request sent with this correlation id. */
    public Optional<AuditRecorded> ofRequest(String correlationId, Predicate<AuditRecorded> wanted) {
        return await(r -> correlationId.equals(r.correlationId()) && wanted.test(r));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
