package org.vigil.alert.technical;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.alert.alert.AlertStore;
import org.vigil.common.events.EventDecodingException;
import org.vigil.common.events.Topics;

/**
 * Learns which devices are assigned to whom from {@code vigil.device-changed.v1} (consumer group
 * {@code vigil.alert.silence.consumer-group}, default {@code alert-service-devices}): for each device that changed, its
 * assignments are fetched from vitals-service and the one in force now is kept in {@code device_watch}. A device
 * reassigned or unassigned has its previous patient's {@code device-silent} alert resolved, and raises
 * {@code device-unassigned} for that patient instead ({@link DeviceUnassigned}): their monitoring by it stopped, and
 * whoever watches them must hear of it rather than see a quiet record.
 *
 * <p>If vitals-service cannot be reached the batch fails and is retried with back-off (the service's error handler),
 * so that no assignment is missed; an unreadable record is skipped, since the next change of the device, or its
 * readings, will not depend on it.
 */
@Component
class DeviceAssignmentListener {

    private static final Logger log = LoggerFactory.getLogger(DeviceAssignmentListener.class);
    private static final Duration RECENT = Duration.ofHours(1);

    private final VitalsDevices vitals;
    private final DeviceWatches watches;
    private final AlertStore alerts;
    private final DeviceUnassigned unassigned;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DeviceAssignmentListener(VitalsDevices vitals, DeviceWatches watches, AlertStore alerts,
            DeviceUnassigned unassigned, PlatformTransactionManager transactions, Clock clock) {
        this.vitals = vitals;
        this.watches = watches;
        this.alerts = alerts;
        this.unassigned = unassigned;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @KafkaListener(id = "alert-service-devices", groupId = "${vigil.alert.silence.consumer-group:alert-service-devices}",
            topics = "#{T(org.vigil.common.events.Topics).DEVICE_CHANGED.name()}", batch = "true")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> changed = new LinkedHashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                byte[] value = record.value();
                if (value == null || value.length == 0) {
                    throw new EventDecodingException("empty record, expected a DeviceChanged", null);
                }
                changed.add(Topics.DEVICE_CHANGED.codec().decode(value).deviceId());
            } catch (EventDecodingException e) {
                log.warn("Skipping an unreadable record at {}/{}/{}", record.topic(), record.partition(),
                        record.offset());
            }
        }
        for (String deviceId : changed) {
            Optional<VitalsDevices.Device> device = vitals.find(deviceId);
            transaction.executeWithoutResult(status -> apply(deviceId, device));
        }
    }

    private void apply(String deviceId, Optional<VitalsDevices.Device> device) {
        Instant now = clock.instant();
        Optional<VitalsDevices.Assignment> current = device.flatMap(d -> d.assignmentAt(now));
        String patientId = current.map(VitalsDevices.Assignment::patientId).orElse(null);
        Optional<DeviceWatches.Previous> previous =
                watches.assign(deviceId, patientId, current.map(VitalsDevices.Assignment::from).orElse(null), now);
        previous.filter(p -> p.alertedPatientId() != null && !p.alertedPatientId().equals(patientId))
                .ifPresent(p -> alerts.resolveAutomatically(p.alertedPatientId(), SilenceChecker.RULE_ID, now,
                        "device no longer assigned to the patient", now));
        Optional<String> formerWearer = previous.isPresent()
                ? previous.map(DeviceWatches.Previous::patientId)
                : device.flatMap(d -> recentlyEnded(d, now)).map(VitalsDevices.Assignment::patientId);
        formerWearer.filter(wearer -> !wearer.equals(patientId))
                .ifPresent(wearer -> unassigned.raise(wearer, deviceId, patientId != null, now));
        if (patientId != null) {
            unassigned.resolve(patientId, now);
        }
    }

    /**
     * For a device first heard of after it was moved (assigned and moved again before its first event was handled),
     * the assignment that ended last, if it ended within {@link #RECENT}: its patient was measured and now is not. Older
     * moves are history, not news: a new consumer group replaying the topic must not alert on them.
     */
    private static Optional<VitalsDevices.Assignment> recentlyEnded(VitalsDevices.Device device, Instant now) {
        if (device.assignments() == null) {
            return Optional.empty();
        }
        return device.assignments().stream()
                .filter(a -> a.to() != null && !a.to().isAfter(now) && a.to().isAfter(now.minus(RECENT)))
                .max(Comparator.comparing(VitalsDevices.Assignment::to));
    }

    @Configuration(proxyBeanMethods = false)
    static class DeviceChangedTopic {

        /** vitals-service declares it too; declaring it here lets alert-service start first. */
        @Bean
        NewTopic deviceChangedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
                @Value("${vigil.kafka.replication:1}") short replication) {
            return TopicBuilder.name(Topics.DEVICE_CHANGED.name()).partitions(partitions).replicas(replication).build();
        }
    }
}
