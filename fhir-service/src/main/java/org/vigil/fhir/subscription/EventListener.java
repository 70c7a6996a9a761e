package org.vigil.fhir.subscription;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.ObservationDocumentRecorded;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;

/**
 * Reads {@code vigil.reading-recorded.v1}, {@code vigil.alert-changed.v1} and
 * {@code vigil.observation-document-recorded.v1} (vital signs panels) in the consumer group every replica
 * shares, so each event is matched against the Subscriptions once (and a redelivery is harmless: see
 * {@link Notifications}). A record that cannot be decoded is skipped with a warning naming where it was, never what
 * it held; a database failure propagates, for the container to retry it.
 */
@Component
class EventListener {

    private static final Logger log = LoggerFactory.getLogger(EventListener.class);

    private final Notifications notifications;

    EventListener(Notifications notifications) {
        this.notifications = notifications;
    }

    // The group is vigil.fhir.subscriptions.consumer-group: without groupId Spring Kafka takes the listener id as
    // the group, which is why the default of that setting is the listener id, the group that holds the offsets.
    @KafkaListener(id = "fhir-subscriptions", groupId = "${vigil.fhir.subscriptions.consumer-group:fhir-subscriptions}",
            topics = {"vigil.reading-recorded.v1", "vigil.alert-changed.v1",
            "vigil.observation-document-recorded.v1"}, containerFactory = SubscriptionConfiguration.LISTENER_FACTORY)
    void onEvent(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        if (Topics.READING_RECORDED.name().equals(record.topic())) {
            ReadingRecorded reading;
            try {
                reading = Topics.READING_RECORDED.codec().decode(record.value());
            } catch (RuntimeException e) {
                skip(record, e);
                return;
            }
            notifications.reading(reading);
        } else if (Topics.ALERT_CHANGED.name().equals(record.topic())) {
            AlertChanged change;
            try {
                change = Topics.ALERT_CHANGED.codec().decode(record.value());
            } catch (RuntimeException e) {
                skip(record, e);
                return;
            }
            notifications.alert(change);
        } else if (Topics.OBSERVATION_DOCUMENT_RECORDED.name().equals(record.topic())) {
            ObservationDocumentRecorded document;
            try {
                document = Topics.OBSERVATION_DOCUMENT_RECORDED.codec().decode(record.value());
            } catch (RuntimeException e) {
                skip(record, e);
                return;
            }
            notifications.document(document);
        }
    }

    private static void skip(ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        log.warn("Skipping an unreadable record {}/{}/{} ({})", record.topic(), record.partition(), record.offset(),
                e.getClass().getSimpleName());
    }
}
