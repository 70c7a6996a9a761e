package org.vigil.vitals.device;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.vigil.common.events.DeviceChanged;
import org.vigil.common.events.Topics;

/**
 * Announces device changes on {@code vigil.device-changed.v1} once they are committed, so that ingest never drops its
 * cache for a change that then rolled back. A lost announcement only delays ingest until its cache entry expires.
 */
@Component
class DeviceChangedPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeviceChangedPublisher.class);

    private final KafkaTemplate<byte[], byte[]> kafka;

    DeviceChangedPublisher(KafkaTemplate<byte[], byte[]> kafka) {
        this.kafka = kafka;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void publish(DeviceChanged change) {
        byte[] key = Topics.DEVICE_CHANGED.keyOf().apply(change).getBytes(StandardCharsets.UTF_8);
        kafka.send(Topics.DEVICE_CHANGED.name(), key, Topics.DEVICE_CHANGED.codec().encode(change))
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        log.warn("Could not announce {} of device {}", change.change(), change.deviceId(), failure);
                    }
                });
    }
}
