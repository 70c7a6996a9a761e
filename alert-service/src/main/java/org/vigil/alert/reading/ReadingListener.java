package org.vigil.alert.reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.vigil.common.events.EventDecodingException;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.DeadLetters;
import org.vigil.service.KafkaCorrelation;

/**
 * Reads {@code vigil.reading-recorded.v1} in batches in group {@code alert-service}. The readable records of a batch
 * are evaluated and their alerts written in one transaction; then the unreadable ones (and any a rule failed on) go to
 * the dead-letter topic; the
 * container commits the offsets after both (ack mode BATCH). Dead letters come after the transaction because a retried
 * batch rewrites alerts harmlessly but would publish its dead letters twice.
 */
@Component
class ReadingListener {


    private final ReadingEvaluator evaluator;
    private final DeadLetters deadLetters;
    private final DistributionSummary batchSize;
    private final Counter deadLettered;

    ReadingListener(ReadingEvaluator evaluator, DeadLetters deadLetters, MeterRegistry meters) {
        this.evaluator = evaluator;
        this.deadLetters = deadLetters;
        this.batchSize = DistributionSummary.builder("vigil.alerts.consumer.batch.size")
                .description("Records per batch polled from vigil.reading-recorded.v1")
                .register(meters);
        this.deadLettered = Counter.builder("vigil.alerts.dead.lettered")
                .description("Unreadable records sent to vigil.reading-recorded.v1.dlt")
                .register(meters);
    }

    @KafkaListener(id = "alert-service-readings", groupId = ReadingKafkaConfiguration.CONSUMER_GROUP,
            topics = "#{T(org.vigil.common.events.Topics).READING_RECORDED.name()}", batch = "true")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        batchSize.record(records.size());
        List<ReadingEvaluator.Received> readable = new ArrayList<>(records.size());
        List<Unreadable> unreadable = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                ReadingRecorded reading = decode(record);
                readable.add(new ReadingEvaluator.Received(record, reading,
                        KafkaCorrelation.of(record.headers(), reading.correlationId())));
            } catch (EventDecodingException e) {
                unreadable.add(new Unreadable(record, e.getMessage() == null ? "not a valid ReadingRecorded" : e.getMessage()));
            }
        }
        for (ReadingEvaluator.Unevaluable failed : evaluator.evaluate(readable)) {
            unreadable.add(new Unreadable(failed.record(), failed.reason()));
        }
        for (Unreadable letter : unreadable) {
            deadLetters.send(Topics.READING_RECORDED, letter.record(), letter.reason());
            deadLettered.increment();
        }
    }

    /** How the listener reads a record; a replayed dead letter is read the same way (ReadingReplay). */
    static ReadingRecorded decode(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new EventDecodingException("empty record, expected a ReadingRecorded", null);
        }
        return Topics.READING_RECORDED.codec().decode(value);
    }

    private record Unreadable(ConsumerRecord<byte[], byte[]> record, String reason) {
    }
}
