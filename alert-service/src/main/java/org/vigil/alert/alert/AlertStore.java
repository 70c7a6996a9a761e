package org.vigil.alert.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Severity;

/** The {@code alert} table. */
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
            updated_at, status, acknowledged_at, acknowledged_by, acknowledge_comment, device_id, reading_id""";

    private final JdbcClient jdbc;

    AlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Raises an alert for the breach, or, while the patient has an active one for the rule, updates it if the breach is
     * worse (taking its severity too: a NEWS2 band that rises while its alert is open). One statement, so that it is safe
     * against a concurrent acknowledgement; the partial unique index
     * {@code alert_one_active_per_patient_and_rule} guarantees the "one active alert".
     */
    public Outcome record(Breach breach, Instant now) {
        var reading = breach.reading();
        List<Boolean> raised = jdbc.sql("""
                insert into alert as a (id, patient_id, type, category, severity, rule_id, message, value, unit, worse,
                                        observed_at, raised_at, updated_at, status, device_id, reading_id)
                values (:id, :patientId, :type, :category, :severity, :rule, :message, :value, :unit, :worse,
                        :observedAt, :now, :now, 'open', :deviceId, :readingId)
                on conflict (patient_id, rule_id) where status in ('open', 'acknowledged')
                do update set value = excluded.value, message = excluded.message, observed_at = excluded.observed_at,
                              severity = excluded.severity,
                              device_id = excluded.device_id, reading_id = excluded.reading_id,
                              updated_at = excluded.updated_at
                   where (a.worse = 'higher' and excluded.value > a.value)
                      or (a.worse = 'lower' and excluded.value < a.value)
                returning (xmax = 0) as raised""")
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
                .query((rs, n) -> rs.getBoolean("raised"))
                .list();
        if (raised.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        return raised.getFirst() ? Outcome.RAISED : Outcome.UPDATED;
    }

    /**
     * Resolves the patient's active alert of the rule, if there is one, because its condition is over.
     *
     * @return {@link Outcome#RESOLVED}, or {@link Outcome#UNCHANGED} if no alert of the rule was active
     */
    public Outcome resolveAutomatically(String patientId, String ruleId, Instant at, String reason, Instant now) {
        int resolved = jdbc.sql("""
                update alert set status = 'resolved', resolved_at = :now, resolution = :reason, updated_at = :now
                 where patient_id = :patientId and rule_id = :rule and status in ('open', 'acknowledged')
                   and observed_at <= :at""")
                .param("patientId", patientId)
                .param("rule", ruleId)
                .param("reason", reason)
                .param("at", utc(at))
                .param("now", utc(now))
                .update();
        return resolved > 0 ? Outcome.RESOLVED : Outcome.UNCHANGED;
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
        int updated = jdbc.sql("""
                update alert set severity = :severity, message = :message, updated_at = :now
                 where patient_id = :patientId and rule_id = :rule and status in ('open', 'acknowledged')
                   and severity <> :severity""")
                .param("patientId", patientId)
                .param("rule", ruleId)
                .param("severity", severity.code())
                .param("message", message)
                .param("now", utc(now))
                .update();
        return updated > 0 ? Outcome.UPDATED : Outcome.UNCHANGED;
    }

    Optional<Alert> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from alert where id = :id")
                .param("id", id)
                .query(AlertStore::alert)
                .optional();
    }

    /** Newest first. */
    List<Alert> list(@Nullable String patientId, @Nullable AlertStatus status, int limit) {
        List<String> conditions = new ArrayList<>();
        if (patientId != null) {
            conditions.add("patient_id = :patientId");
        }
        if (status != null) {
            conditions.add("status = :status");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        var statement = jdbc.sql("select " + COLUMNS + " from alert" + where
                + " order by raised_at desc, id desc limit :limit")
                .param("limit", limit);
        if (patientId != null) {
            statement = statement.param("patientId", patientId);
        }
        if (status != null) {
            statement = statement.param("status", status.code());
        }
        return statement.query(AlertStore::alert).list();
    }

    /** Acknowledges the alert if it is open; empty if it is not (unknown, already acknowledged or resolved). */
    Optional<Alert> acknowledgeIfOpen(UUID id, @Nullable String by, @Nullable String comment, Instant now) {
        return jdbc.sql("update alert set status = 'acknowledged', acknowledged_at = :now, acknowledged_by = :by,"
                + " acknowledge_comment = :comment, updated_at = :now where id = :id and status = 'open'"
                + " returning " + COLUMNS)
                .param("id", id)
                .param("now", utc(now))
                .param("by", by)
                .param("comment", comment)
                .query(AlertStore::alert)
                .optional();
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getObject("id", UUID.class), rs.getString("patient_id"), rs.getString("type"),
                rs.getString("category"), rs.getString("severity"), rs.getString("rule_id"), rs.getString("message"),
                rs.getDouble("value"), rs.getString("unit"), instant(rs, "observed_at"), instant(rs, "raised_at"),
                instant(rs, "updated_at"), rs.getString("status"), nullableInstant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), rs.getString("acknowledge_comment"), rs.getString("device_id"),
                rs.getObject("reading_id", UUID.class));
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
