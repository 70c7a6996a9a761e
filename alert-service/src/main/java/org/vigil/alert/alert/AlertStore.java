package org.vigil.alert.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.alert.notification.AlertOutbox;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Severity;
import org.vigil.common.events.AlertChanged;

/**
 * The {@code alert} table and its history. Every change to an alert writes, in the same transaction, a history row
 * ({@code alert_event}) and an {@link AlertChanged} into the outbox (Kafka, live stream, webhooks), so that none of them
 * can disagree with the alert. Changes join the caller's transaction (the rule engine's batch) or run in their own.
 */
@Repository
public class AlertStore {

    /** What recording a breach did. */
    public enum Outcome {
        /** A new alert was raised. */
        RAISED,
        /** The active alert now holds this worse value. */
        UPDATED,
        /** The active alert already held a value at least as bad (this also makes a redelivered reading harmless). */
        UNCHANGED,
        /** The active alert was resolved. */
        RESOLVED
    }

    private static final String COLUMNS = """
            id, patient_id, type, category, severity, rule_id, message, value, unit, observed_at, raised_at,
            updated_at, status, acknowledged_at, acknowledged_by, acknowledge_comment, device_id, reading_id,
            resolved_at, resolved_by, resolution, escalation_level, escalation_due_at""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AlertOutbox outbox;
    private final EscalationPolicy escalation;

    AlertStore(JdbcClient jdbc, PlatformTransactionManager transactions, AlertOutbox outbox,
            EscalationPolicy escalation) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.outbox = outbox;
        this.escalation = escalation;
    }

    /**
     * Raises an alert for the breach, or, while the patient has an active one for the rule, updates it if the breach is
     * worse (taking its severity too: a NEWS2 band that rises while its alert is open). One statement, so that it is
     * safe against a concurrent acknowledgement; the partial unique index
     * {@code alert_one_active_per_patient_and_rule} guarantees the "one active alert". A new alert's escalation clock
     * starts now.
     */
    public Outcome record(Breach breach, Instant now) {
        var reading = breach.reading();
        Instant due = escalation.next(breach.severity().code(), 0).map(step -> now.plus(step.within())).orElse(null);
        return inTransaction(() -> {
            List<Recorded> rows = jdbc.sql("""
                    insert into alert as a (id, patient_id, type, category, severity, rule_id, message, value, unit,
                                            worse, observed_at, raised_at, updated_at, status, device_id, reading_id,
                                            escalation_due_at)
                    values (:id, :patientId, :type, :category, :severity, :rule, :message, :value, :unit, :worse,
                            :observedAt, :now, :now, 'open', :deviceId, :readingId, :due)
                    on conflict (patient_id, rule_id) where status in ('open', 'acknowledged')
                    do update set value = excluded.value, message = excluded.message,
                                  observed_at = excluded.observed_at, severity = excluded.severity,
                                  device_id = excluded.device_id, reading_id = excluded.reading_id,
                                  updated_at = excluded.updated_at
                       where (a.worse = 'higher' and excluded.value > a.value)
                          or (a.worse = 'lower' and excluded.value < a.value)
                    returning (xmax = 0) as raised, """ + COLUMNS)
                    .param("id", UUID.randomUUID())
                    .param("patientId", reading.patientId())
                    .param("type", breach.type())
                    .param("category", breach.category())
                    .param("severity", breach.severity().code())
                    .param("rule", breach.ruleId())
                    .param("message", breach.message())
                    .param("value", breach.value())
                    .param("unit", breach.unit())
                    .param("worse", breach.worse().code())
                    .param("observedAt", utc(reading.time()))
                    .param("now", utc(now))
                    .param("deviceId", reading.deviceId())
                    .param("readingId", reading.eventId())
                    .param("due", due == null ? null : utc(due))
                    .query((rs, n) -> new Recorded(rs.getBoolean("raised"), alert(rs, n)))
                    .list();
            if (rows.isEmpty()) {
                return Outcome.UNCHANGED;
            }
            Recorded row = rows.getFirst();
            String change = row.raised() ? AlertChanged.RAISED : AlertChanged.UPDATED;
            changed(row.alert(), change, now, null, row.alert().message(), reading.receivedAt(), null);
            return row.raised() ? Outcome.RAISED : Outcome.UPDATED;
        });
    }

    /**
     * Resolves the patient's active alert of the rule, if there is one, because its condition is over.
     *
     * @return {@link Outcome#RESOLVED}, or {@link Outcome#UNCHANGED} if no alert of the rule was active
     */
    public Outcome resolveAutomatically(String patientId, String ruleId, Instant at, String reason, Instant now) {
        return inTransaction(() -> {
            List<Alert> resolved = jdbc.sql("""
                    update alert set status = 'resolved', resolved_at = :now, resolution = :reason,
                                     updated_at = :now, escalation_due_at = null
                     where patient_id = :patientId and rule_id = :rule and status in ('open', 'acknowledged')
                       and observed_at <= :at
                    returning """ + " " + COLUMNS)
                    .param("patientId", patientId)
                    .param("rule", ruleId)
                    .param("reason", reason)
                    .param("at", utc(at))
                    .param("now", utc(now))
                    .query(AlertStore::alert)
                    .list();
            for (Alert alert : resolved) {
                changed(alert, AlertChanged.RESOLVED, now, null, reason, null, null);
            }
            return resolved.isEmpty() ? Outcome.UNCHANGED : Outcome.RESOLVED;
        });
    }

    /**
     * Escalates up to {@code limit} open alerts whose escalation is due: level + 1, a history note, a notification to
     * the policy's target for that level, and the clock restarted for the next level (or stopped at the chain's end).
     * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so that replicas polling at once never escalate an alert
     * twice; the due time lives in the row, so that a restart loses nothing.
     *
     * @return how many alerts escalated
     */
    public int escalateDue(Instant now, int limit) {
        return inTransaction(() -> {
            List<Alert> due = jdbc.sql("select " + COLUMNS + " from alert"
                    + " where status = 'open' and escalation_due_at <= :now"
                    + " order by escalation_due_at limit :limit for update skip locked")
                    .param("now", utc(now))
                    .param("limit", limit)
                    .query(AlertStore::alert)
                    .list();
            int escalated = 0;
            for (Alert alert : due) {
                Optional<EscalationPolicy.Step> step = escalation.next(alert.severity(), alert.escalationLevel());
                if (step.isEmpty()) {
                    // The policy changed since the clock was set: it no longer escalates this alert.
                    jdbc.sql("update alert set escalation_due_at = null where id = :id").param("id", alert.id())
                            .update();
                    continue;
                }
                int level = alert.escalationLevel() + 1;
                Instant nextDue = escalation.next(alert.severity(), level).map(next -> now.plus(next.within()))
                        .orElse(null);
                // updatedAt stays: it tells when the value last changed.
                Alert raised = jdbc.sql("update alert set escalation_level = :level, escalation_due_at = :due"
                        + " where id = :id returning " + COLUMNS)
                        .param("level", level)
                        .param("due", nextDue == null ? null : utc(nextDue))
                        .param("id", alert.id())
                        .query(AlertStore::alert)
                        .single();
                EscalationPolicy.Step taken = step.get();
                String note = "Not acknowledged within " + taken.within() + " (" + alert.severity()
                        + " severity): escalated to level " + level + ", notifying " + taken.target();
                changed(raised, AlertChanged.ESCALATED, now, null, note, null, taken.target());
                escalated++;
            }
            return escalated;
        });
    }

    /**
     * Raises the severity of the patient's active alert of the rule, with a new message: for a condition that worsens
     * with time rather than with a reading's value (a device silent past its urgent time). Added for
     * {@code org.vigil.alert.technical}.
     *
     * @return {@link Outcome#UPDATED}, or {@link Outcome#UNCHANGED} if no alert of the rule is active or it already
     *         has this severity
     */
    public Outcome raiseSeverity(String patientId, String ruleId, Severity severity, String message, Instant now) {
        return inTransaction(() -> {
            List<Alert> raised = jdbc.sql("""
                    update alert set severity = :severity, message = :message, updated_at = :now
                     where patient_id = :patientId and rule_id = :rule and status in ('open', 'acknowledged')
                       and severity <> :severity
                    returning """ + " " + COLUMNS)
                    .param("patientId", patientId)
                    .param("rule", ruleId)
                    .param("severity", severity.code())
                    .param("message", message)
                    .param("now", utc(now))
                    .query(AlertStore::alert)
                    .list();
            for (Alert alert : raised) {
                changed(alert, AlertChanged.UPDATED, now, null, message, null, null);
            }
            return raised.isEmpty() ? Outcome.UNCHANGED : Outcome.UPDATED;
        });
    }

    Optional<Alert> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from alert where id = :id")
                .param("id", id)
                .query(AlertStore::alert)
                .optional()
                .map(this::withNotified);
    }

    private Alert withNotified(Alert alert) {
        return withNotified(List.of(alert)).getFirst();
    }

    /** The alerts with whom their escalations notified, in one query. */
    private List<Alert> withNotified(List<Alert> alerts) {
        List<UUID> escalated = alerts.stream().filter(a -> a.escalationLevel() > 0).map(Alert::id).toList();
        if (escalated.isEmpty()) {
            return alerts;
        }
        Map<UUID, List<String>> notified = new HashMap<>();
        jdbc.sql("""
                select alert_id, notified from alert_event
                 where alert_id in (:ids) and change = 'escalated' and notified is not null order by seq""")
                .param("ids", escalated)
                .query(rs -> {
                    notified.computeIfAbsent(rs.getObject("alert_id", UUID.class), k -> new ArrayList<>())
                            .add(rs.getString("notified"));
                });
        return alerts.stream().map(a -> notified.containsKey(a.id()) ? a.withNotified(notified.get(a.id())) : a)
                .toList();
    }

    /** The alert with its comments, oldest first. */
    Optional<Alert> findWithComments(UUID id) {
        return find(id).map(alert -> alert.withComments(jdbc.sql("""
                select id, by, detail, at from alert_event where alert_id = :id and change = 'commented'
                 order by seq""")
                .param("id", id)
                .query((rs, n) -> new Comment(rs.getObject("id", UUID.class), rs.getString("by"),
                        rs.getString("detail"), instant(rs, "at")))
                .list()));
    }

    /** Every change of the alert, oldest first; empty if there is no such alert. */
    Optional<List<HistoryEntry>> history(UUID id) {
        return find(id).map(alert -> jdbc.sql("""
                select id, change, at, by, detail, escalation_level from alert_event where alert_id = :id
                 order by seq""")
                .param("id", id)
                .query((rs, n) -> new HistoryEntry(rs.getObject("id", UUID.class), rs.getString("change"),
                        instant(rs, "at"), rs.getString("by"), rs.getString("detail"), rs.getInt("escalation_level")))
                .list());
    }

    /**
     * Newest first.
     *
     * @param patientId this patient's alerts only, or null
     * @param patientIds only alerts of these patients (the caller's scope), or null for every patient's
     */
    List<Alert> list(@Nullable String patientId, @Nullable Collection<String> patientIds, @Nullable AlertStatus status,
            @Nullable String category, int limit) {
        return list(patientId, patientIds, status, category, null, null, limit);
    }

    /**
     * As {@link #list(String, Collection, AlertStatus, String, int)}, bounded by the raised time: {@code from}
     * inclusive, {@code to} inclusive (either may be absent).
     */
    List<Alert> list(@Nullable String patientId, @Nullable Collection<String> patientIds, @Nullable AlertStatus status,
            @Nullable String category, @Nullable Instant from, @Nullable Instant to, int limit) {
        return list(patientId, patientIds, status, category, null, from, to, limit);
    }

    /** As above, and only of these severities when {@code severities} is not null. */
    List<Alert> list(@Nullable String patientId, @Nullable Collection<String> patientIds, @Nullable AlertStatus status,
            @Nullable String category, @Nullable Collection<String> severities, @Nullable Instant from,
            @Nullable Instant to, int limit) {
        List<String> conditions = new ArrayList<>();
        if (severities != null) {
            conditions.add(severities.isEmpty() ? "false" : "severity in (:severities)");
        }
        if (from != null) {
            conditions.add("raised_at >= :from");
        }
        if (to != null) {
            conditions.add("raised_at <= :to");
        }
        if (patientId != null) {
            conditions.add("patient_id = :patientId");
        }
        if (patientIds != null) {
            conditions.add(patientIds.isEmpty() ? "false" : "patient_id in (:patientIds)");
        }
        if (status != null) {
            conditions.add("status = :status");
        }
        if (category != null) {
            conditions.add("category = :category");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        var statement = jdbc.sql("select " + COLUMNS + " from alert" + where
                + " order by raised_at desc, id desc limit :limit")
                .param("limit", limit);
        if (patientId != null) {
            statement = statement.param("patientId", patientId);
        }
        if (patientIds != null && !patientIds.isEmpty()) {
            statement = statement.param("patientIds", List.copyOf(patientIds));
        }
        if (status != null) {
            statement = statement.param("status", status.code());
        }
        if (category != null) {
            statement = statement.param("category", category);
        }
        if (severities != null && !severities.isEmpty()) {
            statement = statement.param("severities", List.copyOf(severities));
        }
        if (from != null) {
            statement = statement.param("from", utc(from));
        }
        if (to != null) {
            statement = statement.param("to", utc(to));
        }
        return withNotified(statement.query(AlertStore::alert).list());
    }

    /**
     * Acknowledges the alert if it is open, which stops its escalation; empty if it is not (unknown, already
     * acknowledged or resolved).
     */
    Optional<Alert> acknowledgeIfOpen(UUID id, @Nullable String by, @Nullable String comment, Instant now) {
        return inTransaction(() -> {
            Optional<Alert> acknowledged = jdbc.sql("update alert set status = 'acknowledged', acknowledged_at = :now,"
                    + " acknowledged_by = :by, acknowledge_comment = :comment, updated_at = :now,"
                    + " escalation_due_at = null where id = :id and status = 'open' returning " + COLUMNS)
                    .param("id", id)
                    .param("now", utc(now))
                    .param("by", by)
                    .param("comment", comment)
                    .query(AlertStore::alert)
                    .optional();
            acknowledged.ifPresent(alert -> changed(alert, AlertChanged.ACKNOWLEDGED, now, by, comment, null, null));
            return acknowledged.map(this::withNotified);
        });
    }

    /**
     * Resolves the alert if it is active (open or acknowledged), which stops its escalation; empty if it is not
     * (unknown or already resolved). The rule may raise a new alert afterwards.
     */
    Optional<Alert> resolveIfActive(UUID id, @Nullable String by, @Nullable String resolution, Instant now) {
        return inTransaction(() -> {
            Optional<Alert> resolved = jdbc.sql("update alert set status = 'resolved', resolved_at = :now,"
                    + " resolved_by = :by, resolution = :resolution, updated_at = :now, escalation_due_at = null"
                    + " where id = :id and status in ('open', 'acknowledged') returning " + COLUMNS)
                    .param("id", id)
                    .param("now", utc(now))
                    .param("by", by)
                    .param("resolution", resolution)
                    .query(AlertStore::alert)
                    .optional();
            resolved.ifPresent(alert -> changed(alert, AlertChanged.RESOLVED, now, by, resolution, null, null));
            return resolved.map(this::withNotified);
        });
    }

    /** Adds a comment to the alert, whatever its status; empty if there is no such alert. */
    Optional<Comment> comment(UUID id, @Nullable String by, String text, Instant now) {
        return inTransaction(() -> jdbc.sql("select " + COLUMNS + " from alert where id = :id for share")
                .param("id", id)
                .query(AlertStore::alert)
                .optional()
                .map(alert -> {
                    UUID entry = changed(alert, AlertChanged.COMMENTED, now, by, text, null, null);
                    return new Comment(entry, by, text, now);
                }));
    }

    /**
     * Writes the history row and the outbox event of a change.
     *
     * @param escalationTarget for escalations, the only subscriber to notify by webhook ("" for none); null for every
     *     other change, which goes to every matching subscriber
     * @return the history row's id
     */
    private UUID changed(Alert alert, String change, Instant now, @Nullable String by, @Nullable String detail,
            @Nullable Instant readingReceivedAt, @Nullable String escalationTarget) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into alert_event (id, alert_id, change, at, by, detail, escalation_level, notified)
                values (:id, :alertId, :change, :at, :by, :detail, :level, :notified)""")
                .param("id", id)
                .param("alertId", alert.id())
                .param("change", change)
                .param("at", utc(now))
                .param("by", by)
                .param("detail", detail)
                .param("level", alert.escalationLevel())
                .param("notified", escalationTarget == null || escalationTarget.isBlank() ? null : escalationTarget)
                .update();
        outbox.append(new AlertChanged(UUID.randomUUID(), alert.id().toString(), alert.patientId(), change,
                alert.rule(), alert.category(), alert.severity(), alert.status(), alert.type(), alert.message(),
                alert.value(), alert.unit(), alert.observedAt(), alert.raisedAt(), now, by, alert.escalationLevel()),
                readingReceivedAt, escalationTarget);
        return id;
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        T result = transaction.execute(status -> work.get());
        if (result == null) {
            throw new IllegalStateException("transaction returned nothing");
        }
        return result;
    }

    private record Recorded(boolean raised, Alert alert) {
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getObject("id", UUID.class), rs.getString("patient_id"), rs.getString("type"),
                rs.getString("category"), rs.getString("severity"), rs.getString("rule_id"), rs.getString("message"),
                rs.getDouble("value"), rs.getString("unit"), instant(rs, "observed_at"), instant(rs, "raised_at"),
                instant(rs, "updated_at"), rs.getString("status"), nullableInstant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), rs.getString("acknowledge_comment"), rs.getString("device_id"),
                rs.getObject("reading_id", UUID.class), nullableInstant(rs, "resolved_at"),
                rs.getString("resolved_by"), rs.getString("resolution"), rs.getInt("escalation_level"),
                nullableInstant(rs, "escalation_due_at"), List.of(), null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Instant value = nullableInstant(rs, column);
        if (value == null) {
            throw new SQLException(column + " is null");
        }
        return value;
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
