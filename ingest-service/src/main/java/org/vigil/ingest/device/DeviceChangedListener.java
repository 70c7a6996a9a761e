package org.vigil.ingest.device;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.vigil.common.events.EventDecodingException;
import org.vigil.common.events.Topics;

/**
 * Drops a device from the cache when vitals-service says it changed. Every instance must hear every change, so each
 * joins with a consumer group of its own, and starts at the latest offset: older changes concern entries it never had.
 */
@Component
class DeviceChangedListener {

    static final String ID = "device-changed";

    private static final Logger log = LoggerFactory.getLogger(DeviceChangedListener.class);

    private final DeviceDirectory directory;

    DeviceChangedListener(DeviceDirectory directory) {
        this.directory = directory;
    }

    @KafkaListener(id = ID,
            topics = "#{T(org.vigil.common.events.Topics).DEVICE_CHANGED.name()}",
            groupId = "ingest-service-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void on(ConsumerRecord<@Nullable String, byte @Nullable []> record) {
        // The key is the device id; it is enough, and it survives a value we cannot read.
        String deviceId = record.key();
        if (deviceId == null && record.value() != null) {
            try {
                deviceId = Topics.DEVICE_CHANGED.codec().decode(record.value()).deviceId();
            } catch (EventDecodingException e) {
                log.warn("Unreadable DeviceChanged at {}/{}: {}; dropping the whole device cache", record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        if (deviceId == null) {
            directory.evictAll();
        } else {
            directory.evict(deviceId);
        }
    }
}
