package org.vigil.alert.reading;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import org.vigil.common.events.EventDecodingException;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topic;
import org.vigil.common.events.Topics;
import org.vigil.service.KafkaCorrelation;
import org.vigil.service.deadletter.ReplayFailedException;
import org.vigil.service.deadletter.ReplayHandler;

/**
 * A dead-lettered reading replayed by an operator goes through what {@link ReadingListener} does with each record: the
 * same decoding, then the same evaluation by every rule, whose writes are idempotent (an alert already raised by the
 * reading is updated, not raised twice).
 */
@Component
class ReadingReplay implements ReplayHandler {

    private final ReadingEvaluator evaluator;

    ReadingReplay(ReadingEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public Topic<?> topic() {
        return Topics.READING_RECORDED;
    }

    @Override
    public Collection<String> replay(ConsumerRecord<byte[], byte[]> record) {
        ReadingRecorded reading;
        try {
            reading = ReadingListener.decode(record);
        } catch (EventDecodingException e) {
            throw new ReplayFailedException(e.getMessage() == null ? "not a valid ReadingRecorded" : e.getMessage());
        }
        List<ReadingEvaluator.Unevaluable> failed = evaluator.evaluate(List.of(new ReadingEvaluator.Received(record,
                reading, KafkaCorrelation.of(record.headers(), reading.correlationId()))));
        if (!failed.isEmpty()) {
            throw new ReplayFailedException(failed.get(0).reason());
        }
        return List.of(reading.patientId());
    }
}
