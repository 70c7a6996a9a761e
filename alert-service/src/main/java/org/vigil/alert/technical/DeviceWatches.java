package org.vigil.alert.technical;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code device_watch} table. */
@Repository
class DeviceWatches {

    enum Level {
        NONE, WARNING, URGENT;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Level fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** A device assigned to a patient and silent since {@code silentSince} (its last reading, or its assignment). */
    record Silent(String deviceId, String patientId, Instant silentSince, Level level,
            @Nullable String alertedPatientId) {
    }

    /** What the device's row said before a reading or an assignment changed it. */
    record Previous(Level level, @Nullable String alertedPatientId, @Nullable String patientId) {
    }

    private final JdbcClient jdbc;

    DeviceWatches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Notes that a reading from the device arrived at {@code receivedAt} and ends any silence.
     *
     * @return the row before, empty if the device was not known
     */
    Optional<Previous> seen(String deviceId, Instant receivedAt, Instant now) {
        Optional<Previous> previous = lock(deviceId);
        jdbc.sql("""
                insert into device_watch as w (device_id, last_seen_at, updated_at) values (:deviceId, :seen, :now)
                on conflict (device_id) do update
                   set last_seen_at = greatest(w.last_seen_at, excluded.last_seen_at), silence_level = 'none',
                       alerted_patient_id = null, updated_at = excluded.updated_at""")
                .param("deviceId", deviceId)
                .param("seen", utc(receivedAt))
                .param("now", utc(now))
                .update();
        return previous;
    }

    /**
     * Records the device's current assignment (none: {@code patientId} null). A device reassigned to someone else
     * loses its silence state, the caller resolving the old patient's alert.
     *
     * @return the row before, empty if the device was not known
     */
    Optional<Previous> assign(String deviceId, @Nullable String patientId, @Nullable Instant since, Instant now) {
        Optional<Previous> previous = lock(deviceId);
        jdbc.sql("""
                insert into device_watch as w (device_id, patient_id, assigned_since, updated_at)
                values (:deviceId, :patientId, :since, :now)
                on conflict (device_id) do update
                   set patient_id = excluded.patient_id, assigned_since = excluded.assigned_since,
                       silence_level = case when w.patient_id is not distinct from excluded.patient_id
                                            then w.silence_level else 'none' end,
                       alerted_patient_id = case when w.patient_id is not distinct from excluded.patient_id
                                                 then w.alerted_patient_id else null end,
                       updated_at = excluded.updated_at""")
                .param("deviceId", deviceId)
                .param("patientId", patientId)
                .param("since", since == null ? null : utc(since))
                .param("now", utc(now))
                .update();
        return previous;
    }

    /**
     * Assigned devices whose silence has reached a level they have not been alerted at yet: at no level and silent since
     * {@code warningBefore}, or at warning and silent since {@code urgentBefore}; locked for this transaction, rows
     * another replica holds skipped. Only devices whose level changes are returned, so that a caller looping while it
     * gets full rounds always ends (a round of devices already at warning used to be read again and again while they
     * waited for urgent: docs/ward-benchmark.md, "the silence check's spin").
     */
    List<Silent> lockSilent(Instant warningBefore, Instant urgentBefore, int limit) {
        return jdbc.sql("""
                select device_id, patient_id, greatest(last_seen_at, assigned_since) as silent_since, silence_level,
                       alerted_patient_id
                  from device_watch
                 where patient_id is not null
                   and ((silence_level = 'none' and greatest(last_seen_at, assigned_since) <= :warningBefore)
                     or (silence_level = 'warning' and greatest(last_seen_at, assigned_since) <= :urgentBefore))
                 order by device_id
                 limit :limit
                   for update skip locked""")
                .param("warningBefore", utc(warningBefore))
                .param("urgentBefore", utc(urgentBefore))
                .param("limit", limit)
                .query((rs, n) -> new Silent(rs.getString("device_id"), rs.getString("patient_id"),
                        instant(rs, "silent_since"), Level.fromCode(rs.getString("silence_level")),
                        rs.getString("alerted_patient_id")))
                .list();
    }

    void markSilence(String deviceId, Level level, String alertedPatientId, Instant now) {
        jdbc.sql("""
                update device_watch set silence_level = :level, alerted_patient_id = :patientId, updated_at = :now
                 where device_id = :deviceId""")
                .param("deviceId", deviceId)
                .param("level", level.code())
                .param("patientId", alertedPatientId)
                .param("now", utc(now))
                .update();
    }

    private Optional<Previous> lock(String deviceId) {
        return jdbc.sql("select silence_level, alerted_patient_id, patient_id from device_watch"
                + " where device_id = :deviceId for update")
                .param("deviceId", deviceId)
                .query((rs, n) -> new Previous(Level.fromCode(rs.getString("silence_level")),
                        rs.getString("alerted_patient_id"), rs.getString("patient_id")))
                .optional();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
