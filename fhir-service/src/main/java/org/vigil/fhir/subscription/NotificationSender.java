package org.vigil.fhir.subscription;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.vigil.service.OutboundHttp;
import org.vigil.service.secret.SecretBox;
import org.vigil.service.security.AuditUnavailableException;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.RelationshipsUnavailableException;
import org.vigil.service.security.VigilPrincipal;

/**
 * The delivery worker, on every replica: claims due notifications (a lease: {@code next_attempt_at} moved past the
 * send timeout, under {@code FOR UPDATE SKIP LOCKED}, so that two replicas never send the same one and a crash
 * mid-send only delays it), POSTs them (R4 rest-hook: the resource in the payload format, or no body), and records
 * the outcome: delivered on 2xx; otherwise retried with exponential back-off until {@code give-up-after}, then failed.
 * A failure sets the Subscription's status to {@code error} with the reason; the next success sets it back to
 * {@code active}. No database connection is held while waiting for a receiver; the endpoint is checked again as every
 * attempt connects, and the connection goes to the address checked ({@link SubscriptionTargets#client}).
 *
 * <p>Access granted when the Subscription was made does not keep flowing: before every attempt, whether its owner may
 * read this patient's data now is decided again ({@link PatientAccess#deliver}: the roles and scopes kept with the
 * Subscription, the owner's relationships of now, a break-glass grant only until it ends) and the delivery, or its
 * refusal, is recorded in the audit trail. A refused notification is {@code withheld}, never sent; a Subscription of
 * one patient whose owner lost access to that patient is turned {@code off} with the reason (updating it decides
 * again). One that could not be decided or audited is retried.
 */
@Component
class NotificationSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final int MAX_ERROR = 300;
    private static final java.time.Duration PURGE_EVERY = java.time.Duration.ofMinutes(10);

    /**
     * @param headers channel.header values in clear; null if they do not open (their key is not configured)
     * @param owner the owner's roles and scopes as kept with the Subscription; null if none were kept
     * @param patientId whose data it carries
     * @param subscribedPatient the one patient the Subscription names; null for a code-only one
     */
    record Claimed(UUID subscriptionId, UUID eventId, String reference, byte @Nullable [] body, int attempts,
            Instant createdAt, String endpoint, @Nullable String payload, @Nullable List<String> headers,
            @Nullable VigilPrincipal owner, String resourceType, @Nullable String patientId,
            @Nullable String subscribedPatient) {
    }

    /** @param withheld not sent: the owner may not read this patient's data now */
    record Outcome(@Nullable Integer statusCode, @Nullable String error, boolean withheld) {

        Outcome(@Nullable Integer statusCode, @Nullable String error) {
            this(statusCode, error, false);
        }

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final JdbcClient jdbc;
    private final SubscriptionProperties properties;
    private final PatientAccess access;
    private final SecretBox secrets;
    private final Clock clock = Clock.systemUTC();
    private final OutboundHttp http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private Instant nextPurge = Instant.EPOCH;

    NotificationSender(JdbcClient jdbc, SubscriptionProperties properties, SubscriptionTargets targets,
            PatientAccess access, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.access = access;
        this.properties = properties;
        this.http = targets.client(properties.timeout());
    }

    @Scheduled(fixedDelayString = "${vigil.fhir.subscriptions.poll-interval:PT1S}")
    void sendDue() {
        try {
            while (sendBatch() == properties.batch()) {
                // a full batch: there may be more due
            }
            purge();
        } catch (RuntimeException e) {
            log.warn("Sending subscription notifications failed ({}); retrying at the next poll",
                    e.getClass().getName());
        }
    }

    /** @return how many notifications were attempted */
    int sendBatch() {
        Instant now = clock.instant();
        Instant lease = now.plus(properties.timeout()).plusSeconds(30);
        List<Claimed> claimed = jdbc.sql("""
                update notification n set next_attempt_at = :lease, attempts = n.attempts + 1, last_attempt_at = :now
                  from subscription s
                 where s.id = n.subscription_id
                   and (n.subscription_id, n.event_id) in (
                       select d.subscription_id, d.event_id from notification d
                         join subscription o on o.id = d.subscription_id
                        where d.status = 'pending' and d.next_attempt_at <= :now and o.status <> 'off'
                        order by d.next_attempt_at limit :batch for update of d skip locked)
                returning n.subscription_id, n.event_id, n.resource_ref, n.body, n.attempts, n.created_at,
                          s.endpoint, s.payload, s.headers, s.headers_sealed, s.owner, s.owner_type, s.owner_client_id, s.owner_roles,
                          s.owner_scopes, s.resource_type, coalesce(n.patient_id, s.patient_id) as patient,
                          s.patient_id as subscribed_patient""")
                .param("lease", SubscriptionStore.utc(lease))
                .param("now", SubscriptionStore.utc(now))
                .param("batch", properties.batch())
                .query((rs, n) -> new Claimed(rs.getObject("subscription_id", UUID.class),
                        rs.getObject("event_id", UUID.class), rs.getString("resource_ref"), rs.getBytes("body"),
                        rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(), rs.getString("endpoint"),
                        rs.getString("payload"), headers(rs),
                        SubscriptionStore.ownerAccess(rs, "owner"), rs.getString("resource_type"),
                        rs.getString("patient"), rs.getString("subscribed_patient")))
                .list();
        List<Future<Outcome>> sent = new ArrayList<>(claimed.size());
        for (Claimed notification : claimed) {
            sent.add(senders.submit(() -> post(notification)));
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

    /** Now and then, deletes delivered and failed notifications older than the retention. */
    private void purge() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(PURGE_EVERY);
        jdbc.sql("delete from notification where status <> 'pending' and created_at < :before")
                .param("before", SubscriptionStore.utc(now.minus(properties.retention()))).update();
    }

    Outcome post(Claimed notification) {
        DataKind kind = Criteria.FLAG.equals(notification.resourceType()) ? DataKind.ALERT : DataKind.OBSERVATION;
        try {
            if (notification.owner() == null || notification.patientId() == null
                    || !access.deliver(notification.owner(), kind, notification.patientId(),
                            "POST rest-hook Subscription/" + notification.subscriptionId())) {
                return new Outcome(null, "withheld: the Subscription's owner may not read this patient's data", true);
            }
        } catch (AuditUnavailableException | RelationshipsUnavailableException e) {
            return new Outcome(null, "access could not be checked (" + e.getClass().getSimpleName() + ")");
        }
        if (notification.headers() == null) {
            return new Outcome(null, "channel.header values do not open with the configured vigil.secrets keys");
        }
        List<OutboundHttp.Header> headers = new ArrayList<>();
        for (String header : notification.headers()) {
            int colon = header.indexOf(':');
            headers.add(new OutboundHttp.Header(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
        }
        boolean withBody = notification.body() != null && notification.payload() != null;
        try {
            int code = http.post(notification.endpoint(), headers, withBody ? notification.body() : null,
                    withBody ? notification.payload() + "; charset=UTF-8" : null);
            return new Outcome(code, code >= 200 && code < 300 ? null : "HTTP " + code);
        } catch (OutboundHttp.RefusedTargetException e) {
            return new Outcome(null, "endpoint refused: " + e.getMessage());
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timeout");
        } catch (Exception e) {
            // The type only: messages may quote the endpoint, which may hold a token.
            return new Outcome(null, e.getClass().getSimpleName());
        }
    }

    private void record(Claimed notification, Outcome outcome) {
        Instant now = clock.instant();
        if (outcome.withheld()) {
            // Not an attempt: nothing was sent.
            jdbc.sql("""
                    update notification set status = 'withheld', attempts = attempts - 1, last_error = :error
                     where subscription_id = :subscription and event_id = :event""")
                    .param("error", outcome.error())
                    .param("subscription", notification.subscriptionId()).param("event", notification.eventId())
                    .update();
            if (notification.owner() == null || notification.subscribedPatient() != null) {
                String why = notification.owner() == null
                        ? "Turned off: it was made before its owner's access was kept with it; update it to turn it on"
                                + " again"
                        : "Turned off: its owner may no longer read Patient/" + notification.subscribedPatient()
                                + "'s data (a care-team link or break-glass grant ended); update it to turn it on"
                                + " again once access is granted again";
                jdbc.sql("update subscription set status = 'off', error = :error where id = :id and status <> 'off'")
                        .param("error", cut(why)).param("id", notification.subscriptionId()).update();
            }
            return;
        }
        if (outcome.delivered()) {
            jdbc.sql("""
                    update notification set status = 'delivered', delivered_at = :now, last_status_code = :code,
                                            last_error = null
                     where subscription_id = :subscription and event_id = :event""")
                    .param("now", SubscriptionStore.utc(now)).param("code", outcome.statusCode())
                    .param("subscription", notification.subscriptionId()).param("event", notification.eventId())
                    .update();
            jdbc.sql("update subscription set status = 'active', error = null where id = :id and status = 'error'")
                    .param("id", notification.subscriptionId()).update();
            return;
        }
        Instant next = now.plus(properties.backoff(notification.attempts()));
        boolean giveUp = next.isAfter(notification.createdAt().plus(properties.giveUpAfter()));
        String error = outcome.error() == null ? "failed" : outcome.error();
        jdbc.sql("""
                update notification set status = :status, next_attempt_at = :next, last_status_code = :code,
                                        last_error = :error
                 where subscription_id = :subscription and event_id = :event""")
                .param("status", giveUp ? "failed" : "pending")
                .param("next", SubscriptionStore.utc(next))
                .param("code", outcome.statusCode())
                .param("error", cut(error))
                .param("subscription", notification.subscriptionId()).param("event", notification.eventId())
                .update();
        String text = "Notification of " + notification.reference() + " failed (" + error + ") on attempt "
                + notification.attempts() + (giveUp ? "; given up" : "; next attempt at " + next);
        jdbc.sql("update subscription set status = 'error', error = :error where id = :id and status <> 'off'")
                .param("error", cut(text)).param("id", notification.subscriptionId()).update();
    }

    private static String cut(String text) {
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }

    private @Nullable List<String> headers(ResultSet rs) throws SQLException {
        try {
            return SubscriptionStore.headers(rs, secrets);
        } catch (IllegalStateException e) {
            log.warn("A Subscription's channel.header does not open: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void destroy() throws IOException {
        senders.shutdownNow();
        http.close();
    }
}
