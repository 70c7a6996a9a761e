package org.vigil.vitals.reading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.vitals.reading.ReadingBatch.Key;

/**
 * Writes a batch of readings exactly once. In one transaction: flip each (device, reading id) key to stored, insert
 * only the readings whose key this transaction flipped, and move the latest value per patient and type forward (with
 * alertable readings only). A
 * replay, a second copy or a redelivery after a crash finds its key already stored and is skipped.
 */
@Component
class ReadingStore {

    /** Inserts missing keys as stored, flips pending ones; returns exactly the keys this statement made stored. */
    private static final String MARK_STORED = """
            INSERT INTO reading_key (device_id, reading_id, stored, claimed_at)
            SELECT k.device_id, k.reading_id, true, now()
              FROM unnest(?::varchar[], ?::varchar[]) AS k(device_id, reading_id)
            ON CONFLICT (device_id, reading_id) DO UPDATE SET stored = true
             WHERE NOT reading_key.stored
            RETURNING device_id, reading_id
            """;

    private static final String INSERT_READING = """
            INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, unit,
                                  systolic, diastolic, consciousness, supplemental_oxygen, oxygen_flow, "values",
                                  latitude, longitude, source, status, data_absent_reason, resource)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            """;

    private static final String UPSERT_LATEST = """
            INSERT INTO latest_vital (patient_id, type, id, device_id, reading_id, time, received_at, value, unit,
                                      systolic, diastolic, consciousness, supplemental_oxygen, oxygen_flow, "values",
                                      latitude, longitude, source, status, data_absent_reason, resource)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (patient_id, type) DO UPDATE
               SET id = excluded.id, device_id = excluded.device_id, reading_id = excluded.reading_id,
                   time = excluded.time, received_at = excluded.received_at, value = excluded.value,
                   unit = excluded.unit, systolic = excluded.systolic, diastolic = excluded.diastolic,
                   consciousness = excluded.consciousness, supplemental_oxygen = excluded.supplemental_oxygen,
                   oxygen_flow = excluded.oxygen_flow, "values" = excluded."values",
                   latitude = excluded.latitude, longitude = excluded.longitude, source = excluded.source,
                   status = excluded.status, data_absent_reason = excluded.data_absent_reason,
                   resource = excluded.resource
             WHERE excluded.time > latest_vital.time
            """;

    private final JdbcTemplate jdbc;

    ReadingStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many readings of a batch were stored, and how many were already there. */
    record Outcome(int stored, int duplicates) {
    }

    @Transactional
    Outcome store(List<ReadingRecorded> batch) {
        if (batch.isEmpty()) {
            return new Outcome(0, 0);
        }
        List<ReadingRecorded> unique = ReadingBatch.firstOfEachKey(batch);
        Set<Key> flipped = markStored(unique);
        List<ReadingRecorded> fresh = unique.stream().filter(r -> flipped.contains(Key.of(r))).toList();
        if (!fresh.isEmpty()) {
            insertReadings(fresh);
            // Cancelled, entered-in-error and value-less readings are stored and searchable, never the "latest" value.
            List<ReadingRecorded> alertable = fresh.stream().filter(ReadingRecorded::alertable).toList();
            if (!alertable.isEmpty()) {
                upsertLatest(ReadingBatch.newestPerPatientAndType(alertable));
            }
        }
        return new Outcome(fresh.size(), batch.size() - fresh.size());
    }

    private Set<Key> markStored(List<ReadingRecorded> readings) {
        String[] devices = readings.stream().map(ReadingRecorded::deviceId).toArray(String[]::new);
        String[] ids = readings.stream().map(ReadingRecorded::readingId).toArray(String[]::new);
        Set<Key> flipped = new HashSet<>();
        jdbc.query((Connection con) -> {
            PreparedStatement statement = con.prepareStatement(MARK_STORED);
            statement.setArray(1, con.createArrayOf("varchar", devices));
            statement.setArray(2, con.createArrayOf("varchar", ids));
            return statement;
        }, row -> {
            flipped.add(new Key(row.getString("device_id"), row.getString("reading_id")));
        });
        return flipped;
    }

    private void insertReadings(List<ReadingRecorded> readings) {
        jdbc.batchUpdate(INSERT_READING, readings, readings.size(), (statement, r) -> {
            statement.setObject(1, r.eventId());
            statement.setString(2, r.deviceId());
            statement.setString(3, r.readingId());
            statement.setString(4, r.patientId());
            statement.setString(5, r.type());
            statement.setObject(6, utc(r.time()));
            statement.setObject(7, utc(r.receivedAt()));
            setValues(statement, 8, r);
            setProvenance(statement, 18, r);
        });
    }

    private void upsertLatest(List<ReadingRecorded> readings) {
        jdbc.batchUpdate(UPSERT_LATEST, readings, readings.size(), (statement, r) -> {
            statement.setString(1, r.patientId());
            statement.setString(2, r.type());
            statement.setObject(3, r.eventId());
            statement.setString(4, r.deviceId());
            statement.setString(5, r.readingId());
            statement.setObject(6, utc(r.time()));
            statement.setObject(7, utc(r.receivedAt()));
            setValues(statement, 8, r);
            setProvenance(statement, 18, r);
        });
    }

    /** source, status, data_absent_reason, resource from {@code first} on. */
    private static void setProvenance(PreparedStatement statement, int first, ReadingRecorded r) throws SQLException {
        statement.setString(first, r.source());
        statement.setString(first + 1, r.status());
        statement.setString(first + 2, r.dataAbsentReason());
        statement.setString(first + 3, r.resource());
    }

    /**
     * value, unit, systolic, diastolic, consciousness, supplemental_oxygen, oxygen_flow, values, latitude, longitude from
     * {@code first} on.
     */
    private static void setValues(PreparedStatement statement, int first, ReadingRecorded r) throws SQLException {
        setDouble(statement, first, r.value());
        statement.setString(first + 1, r.unit());
        setDouble(statement, first + 2, r.systolic());
        setDouble(statement, first + 3, r.diastolic());
        statement.setString(first + 4, r.consciousness());
        if (r.supplementalOxygen() == null) {
            statement.setNull(first + 5, Types.BOOLEAN);
        } else {
            statement.setBoolean(first + 5, r.supplementalOxygen());
        }
        setDouble(statement, first + 6, r.oxygenFlow());
        if (r.values() == null) {
            statement.setNull(first + 7, Types.ARRAY);
        } else {
            statement.setArray(first + 7,
                    statement.getConnection().createArrayOf("float8", r.values().toArray(Double[]::new)));
        }
        setDouble(statement, first + 8, r.latitude());
        setDouble(statement, first + 9, r.longitude());
    }

    private static void setDouble(PreparedStatement statement, int index, @Nullable Double value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
