package org.vigil.vitals.reading;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import org.vigil.common.events.Topic;
import org.vigil.common.events.Topics;
import org.vigil.service.deadletter.ReplayFailedException;
import org.vigil.service.deadletter.ReplayHandler;

/**
 * A dead-lettered reading replayed by an operator goes through what {@link ReadingRecordedListener} does with each
 * record: the same checks, then the same idempotent store, so that a reading stored meanwhile is not stored twice.
 */
@Component
class ReadingReplay implements ReplayHandler {

    private final ReadingStore store;

    ReadingReplay(ReadingStore store) {
        this.store = store;
    }

    @Override
    public Topic<?> topic() {
        return Topics.READING_RECORDED;
    }

    @Override
    public Collection<String> replay(ConsumerRecord<byte[], byte[]> record) {
        ReadingRecordedListener.Read read = ReadingRecordedListener.read(record);
        if (read.reading() == null || read.problem() != null) {
            throw new ReplayFailedException(read.problem() == null ? "not a valid ReadingRecorded" : read.problem());
        }
        store.store(List.of(read.reading()));
        return List.of(read.reading().patientId());
    }
}
