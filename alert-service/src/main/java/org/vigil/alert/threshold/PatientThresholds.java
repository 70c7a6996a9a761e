package org.vigil.alert.threshold;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.alert.rule.Operator;
import org.vigil.alert.rule.Severity;

/**
 * The settings in force for a patient: the {@code rule} table's defaults overlaid with the patient's
 * {@code patient_rule} overrides. Read from the database on every reading (nothing is cached), so that an override or
 * an edited default applies to the next reading without a restart.
 */
@Repository
public class PatientThresholds {

    private static final String SELECT = """
            select r.id, r.vital_type, r.component, r.kind, r.unit, r.description,
                   coalesce(o.operator, r.operator) as operator, coalesce(o.threshold, r.threshold) as threshold,
                   coalesce(o.severity, r.severity) as severity, coalesce(o.enabled, r.enabled) as enabled,
                   coalesce(o.consecutive, r.consecutive) as consecutive,
                   coalesce(o.min_duration_seconds, r.min_duration_seconds) as min_duration_seconds,
                   coalesce(o.clear_margin, r.clear_margin) as clear_margin,
                   coalesce(o.clear_readings, r.clear_readings) as clear_readings,
                   o.rule_id is not null as overridden
              from rule r left join patient_rule o on o.rule_id = r.id and o.patient_id = :patient
            """;

    private final JdbcClient jdbc;

    PatientThresholds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every rule, enabled or not, as it applies to the patient. */
    public List<ThresholdSettings> all(String patientId) {
        return jdbc.sql(SELECT + " order by r.id").param("patient", patientId).query(PatientThresholds::settings)
                .list();
    }

    /** Every rule with its defaults (no patient has the empty id, so no override applies). */
    List<ThresholdSettings> defaults() {
        return all("");
    }

    /** The enabled rules of this kind that look at readings of this type. */
    public List<ThresholdSettings> enabled(String patientId, String vitalType, String kind) {
        return jdbc.sql(SELECT + " where r.vital_type = :type and r.kind = :kind"
                        + " and coalesce(o.enabled, r.enabled) order by r.id")
                .param("patient", patientId).param("type", vitalType).param("kind", kind)
                .query(PatientThresholds::settings).list();
    }

    /** One rule as it applies to the patient; empty if there is no such rule. */
    public Optional<ThresholdSettings> of(String patientId, String ruleId) {
        return jdbc.sql(SELECT + " where r.id = :rule").param("patient", patientId).param("rule", ruleId)
                .query(PatientThresholds::settings).optional();
    }

    /** Replaces the patient's overrides with these (rules not among them go back to their defaults). */
    void replaceOverrides(String patientId, List<ThresholdSettings> overrides, Instant now) {
        jdbc.sql("delete from patient_rule where patient_id = :patient").param("patient", patientId).update();
        for (ThresholdSettings s : overrides) {
            jdbc.sql("""
                    insert into patient_rule (patient_id, rule_id, operator, threshold, severity, enabled, consecutive,
                        min_duration_seconds, clear_margin, clear_readings, updated_at)
                    values (:patient, :rule, :operator, :threshold, :severity, :enabled, :consecutive, :minDuration,
                        :clearMargin, :clearReadings, :now)""")
                    .param("patient", patientId).param("rule", s.ruleId()).param("operator", s.operator().code())
                    .param("threshold", s.threshold()).param("severity", s.severity().code())
                    .param("enabled", s.enabled()).param("consecutive", s.consecutive())
                    .param("minDuration", (int) s.minDuration().toSeconds()).param("clearMargin", s.clearMargin())
                    .param("clearReadings", s.clearReadings()).param("now", now.atOffset(ZoneOffset.UTC))
                    .update();
        }
    }

    private static ThresholdSettings settings(ResultSet rs, int row) throws SQLException {
        return new ThresholdSettings(rs.getString("id"), rs.getString("vital_type"), rs.getString("component"),
                rs.getString("kind"), Operator.fromCode(rs.getString("operator")), rs.getBigDecimal("threshold"),
                rs.getString("unit"), Severity.fromCode(rs.getString("severity")), rs.getBoolean("enabled"),
                rs.getInt("consecutive"), Duration.ofSeconds(rs.getInt("min_duration_seconds")),
                rs.getBigDecimal("clear_margin"), rs.getInt("clear_readings"), rs.getString("description"),
                rs.getBoolean("overridden"));
    }
}
