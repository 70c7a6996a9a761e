package org.vigil.alert.rhythm;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code rhythm_state} table. */
@Repository
class RhythmStates {

    /**
     * @param pending intervals (ms) not yet part of an assessed segment, fewer than a segment
     * @param lastWindowAt the time of the latest rr-intervals reading taken in
     * @param seriesEnd that reading's time plus its intervals: where the next window should start
     */
    record RhythmState(String patientId, List<Double> pending, Instant lastWindowAt, Instant seriesEnd,
            boolean afActive, int regularSegments) {
    }

    private final JdbcClient jdbc;

    RhythmStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RhythmState> find(String patientId) {
        return jdbc.sql("""
                select patient_id, pending, last_window_at, series_end, af_active, regular_segments
                  from rhythm_state where patient_id = :patientId for update""")
                .param("patientId", patientId)
                .query(RhythmStates::state)
                .optional();
    }

    void save(RhythmState state, Instant now) {
        jdbc.sql("""
                insert into rhythm_state (patient_id, pending, last_window_at, series_end, af_active, regular_segments,
                                          updated_at)
                values (:patientId, cast(:pending as double precision[]), :lastWindowAt, :seriesEnd, :afActive,
                        :regularSegments, :now)
                on conflict (patient_id) do update
                   set pending = excluded.pending, last_window_at = excluded.last_window_at,
                       series_end = excluded.series_end, af_active = excluded.af_active,
                       regular_segments = excluded.regular_segments, updated_at = excluded.updated_at""")
                .param("patientId", state.patientId())
                .param("pending", state.pending().stream().map(String::valueOf)
                        .collect(Collectors.joining(",", "{", "}")))
                .param("lastWindowAt", utc(state.lastWindowAt()))
                .param("seriesEnd", utc(state.seriesEnd()))
                .param("afActive", state.afActive())
                .param("regularSegments", state.regularSegments())
                .param("now", utc(now))
                .update();
    }

    private static RhythmState state(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("pending");
        List<Double> pending = new ArrayList<>(Arrays.asList((Double[]) array.getArray()));
        array.free();
        return new RhythmState(rs.getString("patient_id"), pending,
                rs.getObject("last_window_at", OffsetDateTime.class).toInstant(),
                rs.getObject("series_end", OffsetDateTime.class).toInstant(), rs.getBoolean("af_active"),
                rs.getInt("regular_segments"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
