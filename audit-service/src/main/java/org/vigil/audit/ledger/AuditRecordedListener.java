package org.vigil.audit.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.EventDecodingException;
import org.vigil.common.events.Topics;
import org.vigil.service.DeadLetters;
import org.vigil.service.KafkaCorrelation;

/**
 * Appends {@code vigil.audit-recorded.v1} to the chain in batches. Records that cannot be read, or cannot be stored
 * whatever happens, go to the dead-letter topic so that they never stall their partition; the rest of the batch is
 * appended in one transaction. Any other failure (the database is down) propagates, and the container's error handler
 * retries the whole batch with back-off, without end; offsets are committed only after the batch returns, that is
 * after the database commit.
 */
@Component
class AuditRecordedListener {

    private static final Logger log = LoggerFactory.getLogger(AuditRecordedListener.class);

    private final AuditLedger ledger;
    private final Checkpointer checkpointer;
    private final DeadLetters deadLetters;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Timer appendLatency;

    AuditRecordedListener(AuditLedger ledger, Checkpointer checkpointer, DeadLetters deadLetters,
            MeterRegistry meters) {
        this.ledger = ledger;
        this.checkpointer = checkpointer;
        this.deadLetters = deadLetters;
        this.stored = Counter.builder("vigil.audit.records.stored")
                .description("Audit records appended to the chain").register(meters);
        this.duplicates = Counter.builder("vigil.audit.records.duplicates")
                .description("Redelivered audit records skipped because their eventId was stored").register(meters);
        this.deadLettered = Counter.builder("vigil.audit.records.dead.lettered")
                .description("Records sent to the dead-letter topic").register(meters);
        this.appendLatency = Timer.builder("vigil.audit.chain.append")
                .description("Time to append one batch to the chain in one transaction").publishPercentileHistogram()
                .register(meters);
    }

    private record Unreadable(ConsumerRecord<byte[], byte[]> record, String reason, @Nullable String correlationId) {
    }

    // The group is the configured one (audit-service), as documented and as dead letters name it: without groupId
    // Spring Kafka takes the listener id as the group. A redelivered record is recognised by its event id.
    @KafkaListener(id = "audit-recorded", groupId = "${spring.kafka.consumer.group-id}",
            topics = "#{T(org.vigil.common.events.Topics).AUDIT_RECORDED.name()}", batch = "true")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        List<AuditRecorded> readable = new ArrayList<>(records.size());
        List<Unreadable> unreadable = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            AuditRecorded audit;
            try {
                audit = Topics.AUDIT_RECORDED.codec().decode(record.value() == null ? new byte[0] : record.value());
            } catch (EventDecodingException e) {
                String reason = e.getMessage() == null ? "not a valid AuditRecorded" : e.getMessage();
                unreadable.add(new Unreadable(record, reason, KafkaCorrelation.of(record.headers(), null)));
                continue;
            }
            Optional<String> problem = Storable.problem(audit);
            if (problem.isPresent()) {
                unreadable.add(new Unreadable(record, problem.get(),
                        KafkaCorrelation.of(record.headers(), audit.correlationId())));
            } else {
                readable.add(audit);
            }
        }
        // Append first, dead-letter after: appending is idempotent (by eventId), dead-lettering is not, so a retried
        // batch must find its records already chained rather than publish its dead letters twice.
        if (!readable.isEmpty()) {
            AuditLedger.Appended appended = appendLatency.record(() -> ledger.append(readable));
            stored.increment(appended.stored());
            duplicates.increment(appended.duplicates());
            // After the append's commit: a checkpoint names only committed records.
            checkpointer.appended(appended.stored());
            log.debug("Chained {} audit records, skipped {} redelivered", appended.stored(), appended.duplicates());
        }
        for (Unreadable letter : unreadable) {
            KafkaCorrelation.run(letter.correlationId(), () -> {
                deadLetters.send(Topics.AUDIT_RECORDED, letter.record(), letter.reason());
                deadLettered.increment();
            });
        }
    }
}
