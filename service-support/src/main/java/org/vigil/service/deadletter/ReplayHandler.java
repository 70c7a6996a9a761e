package org.vigil.service.deadletter;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.vigil.common.events.Topic;

/**
 * A service's own processing of one record of a topic, as its listener does it for each record of a batch: a replayed
 * dead letter goes through it. It runs in the transaction that records the replay, so it must write through the
 * service's transaction manager and be idempotent, as the listener is (the record may have been processed once).
 */
public interface ReplayHandler {

    /** The topic whose dead letters this handler takes. */
    Topic<?> topic();

    /**
     * Processes the record as the listener would.
     *
     * @return the patients whose data it touched, for the audit record
     * @throws ReplayFailedException if the record still cannot be processed, saying why without quoting content
     */
    Collection<String> replay(ConsumerRecord<byte[], byte[]> record);
}
