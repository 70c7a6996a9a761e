package org.vigil.alert.news2;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code news2_score} table: every score computed, one per triggering reading. */
@Repository
class News2Scores {

    private static final String COLUMNS = "id, patient_id, computed_at, total, risk, scale, complete, missing,"
            + " respiration_rate, spo2, air_or_oxygen, systolic, pulse, consciousness, temperature, based_on";

    private final JdbcClient jdbc;

    News2Scores(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the score; empty if this reading already has one (a redelivery), which is left as it was. */
    Optional<UUID> insert(String patientId, News2Scorer.Result result, Instant at, List<UUID> basedOn,
            UUID triggerReading, Instant now) {
        UUID id = UUID.randomUUID();
        Map<News2Parameter, Integer> sub = result.subScores();
        return jdbc.sql("""
                insert into news2_score (id, patient_id, computed_at, total, risk, scale, complete, missing,
                    respiration_rate, spo2, air_or_oxygen, systolic, pulse, consciousness, temperature, based_on,
                    trigger_reading, created_at)
                values (:id, :patient, :at, :total, :risk, :scale, :complete, string_to_array(:missing, ','),
                    :rr, :spo2, :o2, :sys, :pulse, :acvpu, :temp, string_to_array(:basedOn, ',')::uuid[],
                    :trigger, :now)
                on conflict (patient_id, trigger_reading) do nothing
                returning id""")
                .param("id", id).param("patient", patientId).param("at", utc(at))
                .param("total", result.total())
                .param("risk", result.risk() == null ? null : result.risk().code())
                .param("scale", result.scale()).param("complete", result.complete())
                .param("missing", result.missing().stream().map(News2Parameter::key).collect(Collectors.joining(",")))
                .param("rr", sub.get(News2Parameter.RESPIRATION_RATE))
                .param("spo2", sub.get(News2Parameter.SPO2))
                .param("o2", sub.get(News2Parameter.AIR_OR_OXYGEN))
                .param("sys", sub.get(News2Parameter.SYSTOLIC))
                .param("pulse", sub.get(News2Parameter.PULSE))
                .param("acvpu", sub.get(News2Parameter.CONSCIOUSNESS))
                .param("temp", sub.get(News2Parameter.TEMPERATURE))
                .param("basedOn", basedOn.stream().map(UUID::toString).collect(Collectors.joining(",")))
                .param("trigger", triggerReading).param("now", utc(now))
                .query((rs, n) -> rs.getObject("id", UUID.class)).optional();
    }

    /** Whether the patient has a score as of a later time than {@code at}. */
    boolean existsAfter(String patientId, Instant at) {
        return jdbc.sql("select exists (select 1 from news2_score where patient_id = :p and computed_at > :at)")
                .param("p", patientId).param("at", utc(at)).query(Boolean.class).single();
    }

    /** The risk of the latest complete score as of {@code at} or before, other than {@code except}. */
    Optional<String> previousCompleteRisk(String patientId, Instant at, UUID except) {
        return jdbc.sql("""
                select risk from news2_score where patient_id = :p and complete and computed_at <= :at and id <> :id
                 order by computed_at desc, created_at desc limit 1""")
                .param("p", patientId).param("at", utc(at)).param("id", except)
                .query(String.class).optional();
    }

    Optional<News2Score> latest(String patientId) {
        return list(patientId, null, null, 1).stream().findFirst();
    }

    /** Newest first, within {@code [from, to]} when given. */
    List<News2Score> list(String patientId, @Nullable Instant from, @Nullable Instant to, int limit) {
        List<String> where = new ArrayList<>(List.of("patient_id = :p"));
        if (from != null) {
            where.add("computed_at >= :from");
        }
        if (to != null) {
            where.add("computed_at <= :to");
        }
        var statement = jdbc.sql("select " + COLUMNS + " from news2_score where " + String.join(" and ", where)
                + " order by computed_at desc, created_at desc limit :limit")
                .param("p", patientId).param("limit", limit);
        if (from != null) {
            statement = statement.param("from", utc(from));
        }
        if (to != null) {
            statement = statement.param("to", utc(to));
        }
        return statement.query(News2Scores::score).list();
    }

    Optional<News2Score> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from news2_score where id = :id").param("id", id)
                .query(News2Scores::score).optional();
    }

    private static News2Score score(ResultSet rs, int row) throws SQLException {
        Map<String, @Nullable Integer> sub = new LinkedHashMap<>();
        sub.put("respirationRate", integer(rs, "respiration_rate"));
        sub.put("spo2", integer(rs, "spo2"));
        sub.put("airOrOxygen", integer(rs, "air_or_oxygen"));
        sub.put("systolic", integer(rs, "systolic"));
        sub.put("pulse", integer(rs, "pulse"));
        sub.put("consciousness", integer(rs, "consciousness"));
        sub.put("temperature", integer(rs, "temperature"));
        List<String> missing = Arrays.asList((String[]) rs.getArray("missing").getArray());
        List<UUID> basedOn = Arrays.asList((UUID[]) rs.getArray("based_on").getArray());
        return new News2Score(rs.getObject("id", UUID.class), rs.getString("patient_id"), integer(rs, "total"),
                rs.getString("risk"), rs.getInt("scale"), rs.getBoolean("complete"), List.copyOf(missing),
                java.util.Collections.unmodifiableMap(sub),
                rs.getObject("computed_at", OffsetDateTime.class).toInstant(), List.copyOf(basedOn));
    }

    private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
