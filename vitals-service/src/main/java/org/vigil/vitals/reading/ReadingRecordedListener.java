package org.vigil.vitals.reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.vigil.common.events.EventDecodingException;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.KafkaCorrelation;
import org.vigil.service.DeadLetters;

/**
 * Persists {@code vigil.reading-recorded.v1} in batches. Records that cannot be read, or cannot be stored whatever
 * happens (an unknown type, a field too long), go to the dead-letter topic so that they never stall their partition;
 * the rest of the batch is stored in one transaction. Any other failure (the database is down) propagates, and the
 * container's error handler retries the whole batch with back-off, without end; offsets are committed only after the
 * batch returns, that is after the database commit.
 */
@Component
class ReadingRecordedListener {

    private static final Logger log = LoggerFactory.getLogger(ReadingRecordedListener.class);

    private final ReadingStore store;
    private final DeadLetters deadLetters;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final DistributionSummary batchSize;
    private final Timer writeLatency;

    ReadingRecordedListener(ReadingStore store, DeadLetters deadLetters, MeterRegistry meters) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.stored = Counter.builder("vigil.vitals.readings.stored")
                .description("Readings written to the database").register(meters);
        this.duplicates = Counter.builder("vigil.vitals.readings.duplicates")
                .description("Records skipped because their (device, reading id) was already stored").register(meters);
        this.deadLettered = Counter.builder("vigil.vitals.readings.dead.lettered")
                .description("Records sent to the dead-letter topic").register(meters);
        this.batchSize = DistributionSummary.builder("vigil.vitals.consumer.batch.size")
                .description("Records per consumer batch").publishPercentileHistogram().register(meters);
        this.writeLatency = Timer.builder("vigil.vitals.readings.db.write")
                .description("Time to store one batch of readings in one transaction").publishPercentileHistogram()
                .register(meters);
    }

    private record Unreadable(ConsumerRecord<byte[], byte[]> record, String reason, @Nullable String correlationId) {
    }

    /** The reading in a record, if it decodes, and why it cannot be stored, if it cannot. */
    record Read(@Nullable ReadingRecorded reading, @Nullable String problem) {
    }

    /** What the listener makes of one record; a replayed dead letter goes through the same (ReadingReplay). */
    static Read read(ConsumerRecord<byte[], byte[]> record) {
        ReadingRecorded reading;
        try {
            reading = Topics.READING_RECORDED.codec().decode(record.value());
        } catch (EventDecodingException e) {
            return new Read(null, e.getMessage() == null ? "not a valid ReadingRecorded" : e.getMessage());
        }
        return new Read(reading, ReadingBatch.unstorable(reading).orElse(null));
    }

    // The group is the configured one (vitals-service), as documented and as dead letters name it: without groupId
    // Spring Kafka takes the listener id as the group, and the readings were consumed in a group of that name.
    @KafkaListener(id = "vitals-reading-recorded", groupId = "${spring.kafka.consumer.group-id}",
            topics = "#{T(org.vigil.common.events.Topics).READING_RECORDED.name()}", batch = "true")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        batchSize.record(records.size());
        List<ReadingRecorded> readings = new ArrayList<>(records.size());
        List<Unreadable> unreadable = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Read read = read(record);
            if (read.reading() == null) {
                unreadable.add(new Unreadable(record, read.problem(), KafkaCorrelation.of(record.headers(), null)));
                continue;
            }
            String correlationId = KafkaCorrelation.of(record.headers(), read.reading().correlationId());
            if (read.problem() != null) {
                unreadable.add(new Unreadable(record, read.problem(), correlationId));
            } else {
                readings.add(read.reading());
            }
        }
        // Store first, dead-letter after: storing is idempotent, dead-lettering is not, so a retried batch must find
        // its readings already stored rather than publish its dead letters twice.
        if (!readings.isEmpty()) {
            ReadingStore.Outcome outcome = writeLatency.record(() -> store.store(readings));
            stored.increment(outcome.stored());
            duplicates.increment(outcome.duplicates());
            log.debug("Stored {} readings, skipped {} duplicates", outcome.stored(), outcome.duplicates());
        }
        for (Unreadable letter : unreadable) {
            KafkaCorrelation.run(letter.correlationId(), () -> {
                deadLetters.send(Topics.READING_RECORDED, letter.record(), letter.reason());
                deadLettered.increment();
            });
        }
    }
}
