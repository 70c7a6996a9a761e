package org.vigil.alert.notification;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vigil.common.events.Topics;
import org.vigil.service.OutboundHttp;
import org.vigil.service.secret.SecretBox;
import org.vigil.service.security.AuditUnavailableException;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.RelationshipsUnavailableException;
import org.vigil.service.security.VigilPrincipal;

/**
 * Sends due webhook deliveries: claims a batch (a lease: {@code next_attempt_at} moved past the send timeout, under
 * {@code FOR UPDATE SKIP LOCKED}, so that replicas never send the same delivery at once and a crash mid-send only
 * delays it), POSTs each signed body concurrently, then records the outcome: delivered on 2xx, otherwise retried with
 * exponential back-off until {@code give-up-after} has passed since the change, then failed. No database connection is
 * held while waiting for a receiver. Every attempt checks the target again as it connects, and connects to the address
 * it checked ({@link WebhookTargets#client}).
 *
 * <p>And every attempt first decides again whether the subscription's owner may read this patient's alerts now
 * ({@link PatientAccess#deliver}: the roles and scopes they had when they subscribed, their relationships of now, a
 * break-glass grant only until it ends), recording the delivery or its refusal in the audit trail before anything is
 * sent. A refused delivery is {@code withheld}, never sent; one that could not be decided or audited is retried.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ERROR = 200;

    record Claimed(UUID id, UUID subscriptionId, UUID eventId, byte[] payload, int attempts, Instant createdAt,
            String url, @Nullable String secret, @Nullable VigilPrincipal owner) {
    }

    /** @param withheld not sent: the owner may not read this patient's alerts now */
    record Outcome(@Nullable Integer statusCode, @Nullable String error, boolean withheld) {

        Outcome(@Nullable Integer statusCode, @Nullable String error) {
            this(statusCode, error, false);
        }

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    static final String WITHHELD = "withheld: the subscription's owner may not read this patient's alerts";

    private final JdbcClient jdbc;
    private final NotificationProperties.Webhooks properties;
    private final Backoff backoff;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PatientAccess access;
    private final SecretBox secrets;
    private final OutboundHttp http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    WebhookSender(JdbcClient jdbc, NotificationProperties properties, Clock clock, MeterRegistry meters,
            WebhookTargets targets, PatientAccess access, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.access = access;
        this.properties = properties.webhooks();
        this.backoff = new Backoff(this.properties.initialBackoff(), this.properties.maxBackoff());
        this.clock = clock;
        this.meters = meters;
        this.http = targets.client(this.properties.timeout());
    }

    @Scheduled(fixedDelayString = "${vigil.alert.notification.webhooks.poll-interval:PT1S}")
    void sendDue() {
        try {
            while (sendBatch() == properties.batch()) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            log.warn("Sending webhooks failed ({}); retrying at the next poll", e.getClass().getName());
        }
    }

    /** @return how many deliveries were attempted */
    int sendBatch() {
        Instant now = clock.instant();
        Instant lease = now.plus(properties.timeout()).plusSeconds(30);
        List<Claimed> claimed = jdbc.sql("""
                update webhook_delivery d set next_attempt_at = :lease, attempts = d.attempts + 1,
                                              last_attempt_at = :now
                  from alert_subscription s
                 where s.id = d.subscription_id
                   and d.id in (select id from webhook_delivery where status = 'pending' and next_attempt_at <= :now
                                 order by next_attempt_at limit :batch for update skip locked)
                returning d.id, d.subscription_id, d.event_id, d.payload, d.attempts, d.created_at, s.url, s.secret,
                          s.secret_sealed, s.owner, s.owner_type, s.owner_client_id, s.owner_roles, s.owner_scopes""")
                .param("lease", lease.atOffset(ZoneOffset.UTC))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("batch", properties.batch())
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
                        rs.getObject("event_id", UUID.class), rs.getBytes("payload"), rs.getInt("attempts"),
                        instant(rs.getTimestamp("created_at")), rs.getString("url"), secret(rs), owner(rs)))
                .list();
        List<Future<Outcome>> sent = new ArrayList<>(claimed.size());
        for (Claimed delivery : claimed) {
            sent.add(senders.submit(() -> post(delivery)));
        }
        for (int i = 0; i < claimed.size(); i++) {
            Outcome outcome;
            try {
                outcome = sent.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            } catch (Exception e) {
                outcome = new Outcome(null, e.getClass().getSimpleName());
            }
            record(claimed.get(i), outcome);
        }
        return claimed.size();
    }

    /**
     * One attempt. The target is checked again as the connection is made, and the connection goes to the address
     * checked (its name may resolve elsewhere now than when it was subscribed, or between a check and a connect): a
     * refused target counts as a failed attempt, retried with back-off until given up.
     */
    Outcome post(Claimed delivery) {
        try {
            String patientId = Topics.ALERT_CHANGED.codec().decode(delivery.payload()).patientId();
            if (delivery.owner() == null || !access.deliver(delivery.owner(), DataKind.ALERT, patientId,
                    "POST webhook /api/v1/alert-subscriptions/" + delivery.subscriptionId())) {
                return new Outcome(null, WITHHELD, true);
            }
        } catch (AuditUnavailableException | RelationshipsUnavailableException e) {
            return new Outcome(null, "access could not be checked (" + e.getClass().getSimpleName() + ")");
        }
        if (delivery.secret() == null) {
            return new Outcome(null, "the subscription's secret does not open with the configured vigil.secrets keys");
        }
        long timestamp = clock.instant().getEpochSecond();
        List<OutboundHttp.Header> headers = List.of(
                new OutboundHttp.Header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp)),
                new OutboundHttp.Header(Signatures.SIGNATURE_HEADER,
                        Signatures.sign(delivery.secret(), timestamp, delivery.payload())),
                new OutboundHttp.Header(Signatures.EVENT_ID_HEADER, delivery.eventId().toString()));
        try {
            int code = http.post(delivery.url(), headers, delivery.payload(), "application/json");
            return new Outcome(code, code >= 200 && code < 300 ? null : "HTTP " + code);
        } catch (OutboundHttp.RefusedTargetException e) {
            return new Outcome(null, "target refused: " + e.getMessage());
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timeout");
        } catch (Exception e) {
            // The exception's type only: messages may quote the URL, which may hold a token.
            return new Outcome(null, e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() throws IOException {
        http.close();
    }

    private void record(Claimed delivery, Outcome outcome) {
        Instant now = clock.instant();
        if (outcome.withheld()) {
            // Not an attempt: nothing was sent.
            jdbc.sql("""
                    update webhook_delivery set status = 'withheld', attempts = attempts - 1, last_error = :error
                     where id = :id""")
                    .param("error", outcome.error()).param("id", delivery.id()).update();
            meters.counter("vigil.alert.webhooks", "outcome", "withheld").increment();
            return;
        }
        String error = outcome.error() == null ? null
                : outcome.error().length() > MAX_ERROR ? outcome.error().substring(0, MAX_ERROR) : outcome.error();
        if (outcome.delivered()) {
            jdbc.sql("""
                    update webhook_delivery set status = 'delivered', delivered_at = :now, last_status_code = :code,
                                                last_error = null
                     where id = :id""")
                    .param("now", now.atOffset(ZoneOffset.UTC)).param("code", outcome.statusCode())
                    .param("id", delivery.id()).update();
            meters.counter("vigil.alert.webhooks", "outcome", "delivered").increment();
            return;
        }
        Instant next = now.plus(backoff.after(delivery.attempts()));
        boolean giveUp = next.isAfter(delivery.createdAt().plus(properties.giveUpAfter()));
        jdbc.sql("""
                update webhook_delivery set status = :status, next_attempt_at = :next, last_status_code = :code,
                                            last_error = :error
                 where id = :id""")
                .param("status", giveUp ? "failed" : "pending")
                .param("next", next.atOffset(ZoneOffset.UTC))
                .param("code", outcome.statusCode())
                .param("error", error)
                .param("id", delivery.id())
                .update();
        meters.counter("vigil.alert.webhooks", "outcome", giveUp ? "failed" : "retried").increment();
    }

    /**
     * The signing secret: sealed, or in clear in a row kept before secrets were sealed and not sealed yet (see
     * {@link SecretSealing}); null if it does not open (its key is not configured), which fails that delivery only.
     */
    private @Nullable String secret(ResultSet rs) throws SQLException {
        String stored = rs.getString("secret");
        if (!rs.getBoolean("secret_sealed")) {
            return stored;
        }
        try {
            return secrets.open(stored, SubscriptionStore.SECRET_PURPOSE);
        } catch (IllegalStateException e) {
            log.warn("A webhook secret does not open: {}", e.getMessage());
            return null;
        }
    }

    /** The owner as their token said when they subscribed; null for a subscription made before owners were kept. */
    private static @Nullable VigilPrincipal owner(ResultSet rs) throws SQLException {
        String subject = rs.getString("owner");
        if (subject == null) {
            return null;
        }
        VigilPrincipal.AgentType type = "client".equals(rs.getString("owner_type"))
                ? VigilPrincipal.AgentType.CLIENT : VigilPrincipal.AgentType.USER;
        return new VigilPrincipal(subject, type, rs.getString("owner_client_id"),
                Set.of((String[]) rs.getArray("owner_roles").getArray()),
                Set.of((String[]) rs.getArray("owner_scopes").getArray()));
    }

    private static Instant instant(@Nullable Timestamp timestamp) {
        if (timestamp == null) {
            throw new IllegalStateException("created_at is null");
        }
        return timestamp.toInstant();
    }
}
