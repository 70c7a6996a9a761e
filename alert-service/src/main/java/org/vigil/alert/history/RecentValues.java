package org.vigil.alert.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code recent_value} table: per patient and parameter, the values of the last {@code vigil.alert.history-retention}
 * (default 3 days, enough for a 2-day weight trend), written in the batch's transaction and pruned on every write.
 * Writes are idempotent (a redelivered reading adds nothing).
 */
@Repository
public class RecentValues {

    private final JdbcClient jdbc;
    private final Duration retention;

    RecentValues(JdbcClient jdbc, @Value("${vigil.alert.history-retention:P3D}") Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    /** Keeps the value, and forgets this parameter's values older than the retention before it. */
    public void record(String patientId, String parameter, Instant at, double value, UUID readingId) {
        jdbc.sql("""
                insert into recent_value (patient_id, parameter, observed_at, value, reading_id)
                values (:patient, :parameter, :at, :value, :reading) on conflict do nothing""")
                .param("patient", patientId).param("parameter", parameter).param("at", utc(at))
                .param("value", value).param("reading", readingId)
                .update();
        jdbc.sql("delete from recent_value where patient_id = :patient and parameter = :parameter"
                + " and observed_at < :oldest")
                .param("patient", patientId).param("parameter", parameter).param("oldest", utc(at.minus(retention)))
                .update();
    }

    /** The latest value of each of these parameters in {@code [from, to]}; a parameter without one is left out. */
    public List<RecentValue> latest(String patientId, Collection<String> parameters, Instant from, Instant to) {
        return jdbc.sql("""
                select distinct on (parameter) parameter, observed_at, value, reading_id from recent_value
                 where patient_id = :patient and parameter in (:parameters)
                   and observed_at >= :from and observed_at <= :to
                 order by parameter, observed_at desc, reading_id""")
                .param("patient", patientId).param("parameters", parameters)
                .param("from", utc(from)).param("to", utc(to))
                .query(RecentValues::value).list();
    }

    /** The values of a parameter in {@code [from, to]}, oldest first. */
    public List<RecentValue> between(String patientId, String parameter, Instant from, Instant to) {
        return jdbc.sql("""
                select parameter, observed_at, value, reading_id from recent_value
                 where patient_id = :patient and parameter = :parameter and observed_at >= :from and observed_at <= :to
                 order by observed_at, reading_id""")
                .param("patient", patientId).param("parameter", parameter)
                .param("from", utc(from)).param("to", utc(to))
                .query(RecentValues::value).list();
    }

    /** The time of the newest value of a parameter. */
    public Optional<Instant> newest(String patientId, String parameter) {
        return jdbc.sql("select max(observed_at) from recent_value where patient_id = :patient and parameter = :p")
                .param("patient", patientId).param("p", parameter)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .single().map(OffsetDateTime::toInstant);
    }

    private static RecentValue value(ResultSet rs, int row) throws SQLException {
        return new RecentValue(rs.getString("parameter"), rs.getObject("observed_at", OffsetDateTime.class).toInstant(),
                rs.getDouble("value"), rs.getObject("reading_id", UUID.class));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
