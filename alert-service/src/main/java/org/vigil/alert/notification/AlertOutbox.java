package org.vigil.alert.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.Topics;

/**
 * The transactional outbox of alert changes. Called inside the change's transaction: writes the event once for Kafka
 * and the live stream ({@code alert_outbox}) and once per webhook subscriber it concerns ({@code webhook_delivery}),
 * so that nothing is sent for a change that rolls back and nothing is lost for one that commits. Nothing here talks to
 * the network: rule evaluation only writes rows.
 */
@Component
public class AlertOutbox {

    private final JdbcClient jdbc;
    private final OutboxRelay relay;
    private final Clock clock;

    AlertOutbox(JdbcClient jdbc, OutboxRelay relay, Clock clock) {
        this.jdbc = jdbc;
        this.relay = relay;
        this.clock = clock;
    }

    /**
     * @param readingReceivedAt when ingest received the reading that caused the change, for the latency timer
     * @param escalationTarget for an escalation, the name of the only subscriber to notify; null for any other change,
     *     which goes to every subscriber whose categories and minimum severity match
     */
    public void append(AlertChanged event, @Nullable Instant readingReceivedAt, @Nullable String escalationTarget) {
        byte[] payload = Topics.ALERT_CHANGED.codec().encode(event);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                insert into alert_outbox (event_id, patient_id, change, payload, reading_received_at, created_at)
                values (:eventId, :patientId, :change, :payload, :receivedAt, :now)""")
                .param("eventId", event.eventId())
                .param("patientId", event.patientId())
                .param("change", event.change())
                .param("payload", payload)
                .param("receivedAt", readingReceivedAt == null ? null : readingReceivedAt.atOffset(ZoneOffset.UTC))
                .param("now", now)
                .update();
        String subscribers = escalationTarget != null
                ? " name = :target"
                : " :category = any(categories) and min_severity_rank <= :rank";
        jdbc.sql("""
                insert into webhook_delivery (id, subscription_id, event_id, alert_id, change, payload, status,
                                              created_at, next_attempt_at)
                select gen_random_uuid(), id, :eventId, :alertId, :change, :payload, 'pending', :now, :now
                  from alert_subscription where """ + " " + subscribers)
                .param("eventId", event.eventId())
                .param("alertId", UUID.fromString(event.alertId()))
                .param("change", event.change())
                .param("payload", payload)
                .param("now", now)
                .param("target", escalationTarget == null ? "" : escalationTarget)
                .param("category", event.category())
                .param("rank", SeverityRank.of(event.severity()))
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.wake();
                }
            });
        } else {
            relay.wake();
        }
    }
}
