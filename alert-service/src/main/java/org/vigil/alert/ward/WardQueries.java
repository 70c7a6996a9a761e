package org.vigil.alert.ward;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.alert.rule.Operator;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.ThresholdRule;

/**
 * The clinical state of many patients at once, one statement per table whatever the number of patients: the latest
 * NEWS2 score, active alert counts, devices, and the threshold rules in force.
 */
@Repository
class WardQueries {

    record News2(@Nullable Integer total, @Nullable String risk, boolean complete, Instant computedAt,
            @Nullable Integer previousTotal) {
    }

    /** Active (open or acknowledged) alerts of one patient and category, by severity and status. */
    record ActiveAlerts(String patientId, String category, Severity severity, String status, int count) {
    }

    record Devices(int count, @Nullable Instant lastSeenAt, boolean silent) {
    }

    /** A threshold rule as it applies to a patient ({@code patientId} set: their override) or by default (null). */
    record PatientRule(@Nullable String patientId, ThresholdRule rule, boolean enabled) {
    }

    private final JdbcClient jdbc;

    WardQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Per patient (one index probe each: a patient has a score per triggering reading, so never scan them all), the
     * latest score (as {@code GET /api/v1/patients/{id}/news2} answers it) and the total of the latest
     * complete score before it, for the trend.
     */
    Map<String, News2> news2(Collection<String> patientIds) {
        Map<String, News2> scores = new HashMap<>();
        jdbc.sql("""
                select p.id as patient_id, s.total, s.risk, s.complete, s.computed_at, prev.total as previous_total
                  from unnest(:ids::text[]) as p(id)
                  cross join lateral (
                        select id, total, risk, complete, computed_at, created_at from news2_score
                         where patient_id = p.id order by computed_at desc, created_at desc limit 1) s
                  left join lateral (
                        select total from news2_score
                         where patient_id = p.id and complete and id <> s.id
                           and (computed_at, created_at) <= (s.computed_at, s.created_at)
                         order by computed_at desc, created_at desc limit 1) prev on true""")
                .param("ids", array(patientIds))
                .query(rs -> {
                    scores.put(rs.getString("patient_id"), new News2(integer(rs, "total"), rs.getString("risk"),
                            rs.getBoolean("complete"), instant(rs, "computed_at"), integer(rs, "previous_total")));
                });
        return scores;
    }

    List<ActiveAlerts> activeAlerts(Collection<String> patientIds) {
        return jdbc.sql("""
                select patient_id, category, severity, status, count(*) as n from alert
                 where patient_id = any(:ids) and status in ('open', 'acknowledged')
                 group by patient_id, category, severity, status""")
                .param("ids", array(patientIds))
                .query((rs, n) -> new ActiveAlerts(rs.getString("patient_id"), rs.getString("category"),
                        Severity.fromCode(rs.getString("severity")), rs.getString("status"), rs.getInt("n")))
                .list();
    }

    /** The devices assigned to each patient: how many, when one last sent, whether one is silent. */
    Map<String, Devices> devices(Collection<String> patientIds) {
        Map<String, Devices> devices = new HashMap<>();
        jdbc.sql("""
                select patient_id, count(*) as n, max(last_seen_at) as last_seen_at,
                       bool_or(silence_level <> 'none') as silent
                  from device_watch where patient_id = any(:ids) group by patient_id""")
                .param("ids", array(patientIds))
                .query(rs -> {
                    OffsetDateTime seen = rs.getObject("last_seen_at", OffsetDateTime.class);
                    devices.put(rs.getString("patient_id"), new Devices(rs.getInt("n"),
                            seen == null ? null : seen.toInstant(), rs.getBoolean("silent")));
                });
        return devices;
    }

    /**
     * The threshold rules: the defaults (patient null) and every rule of these patients' overrides, merged the
     * way {@code threshold/PatientThresholds} merges them (each override field, when set, replaces the default's).
     * An overridden rule is listed for its patient whether enabled or not, so that a disabled override hides the
     * default.
     */
    List<PatientRule> thresholdRules(Collection<String> patientIds) {
        List<PatientRule> rules = new ArrayList<>();
        jdbc.sql("""
                select null as patient_id, r.id, r.vital_type, r.component, r.operator, r.threshold, r.unit,
                       r.severity, r.description, r.enabled
                  from rule r where r.kind = 'threshold'
                union all
                select o.patient_id, r.id, r.vital_type, r.component, coalesce(o.operator, r.operator),
                       coalesce(o.threshold, r.threshold), r.unit, coalesce(o.severity, r.severity), r.description,
                       coalesce(o.enabled, r.enabled)
                  from patient_rule o join rule r on r.id = o.rule_id
                 where r.kind = 'threshold' and o.patient_id = any(:ids)
                 order by 1 nulls first, 2""")
                .param("ids", array(patientIds))
                .query(rs -> {
                    ThresholdRule rule = new ThresholdRule(rs.getString("id"), rs.getString("vital_type"),
                            rs.getString("component"), Operator.fromCode(rs.getString("operator")),
                            rs.getBigDecimal("threshold"), rs.getString("unit"),
                            Severity.fromCode(rs.getString("severity")), rs.getString("description"));
                    rules.add(new PatientRule(rs.getString("patient_id"), rule, rs.getBoolean("enabled")));
                });
        return rules;
    }

    private static String[] array(Collection<String> ids) {
        return ids.toArray(String[]::new);
    }

    private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
