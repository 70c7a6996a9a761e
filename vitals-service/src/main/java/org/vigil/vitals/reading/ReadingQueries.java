package org.vigil.vitals.reading;

import java.sql.Array;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.vigil.common.vitals.VitalType;

/** Reads of stored readings. Every search names a time range or a limit, so that it prunes to few partitions. */
@Component
class ReadingQueries {

    private static final String COLUMNS = """
            id, device_id, reading_id, patient_id, type, time, received_at, value, unit, systolic, diastolic,
            consciousness, supplemental_oxygen, oxygen_flow, "values", latitude, longitude""";

    private static final RowMapper<ReadingView> VIEW = ReadingQueries::view;

    private final JdbcTemplate jdbc;

    ReadingQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A search; null fields do not restrict. */
    record Search(@Nullable String patientId, @Nullable VitalType type, @Nullable String deviceId,
            @Nullable Instant from, @Nullable Instant to, int limit, boolean ascending) {
    }

    List<ReadingView> latest(String patientId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM latest_vital WHERE patient_id = ? ORDER BY type", VIEW,
                patientId);
    }

    /** Readings with {@code from <= time <= to}, in time order, at most {@code limit}. */
    List<ReadingView> search(Search search) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM readings WHERE true");
        List<Object> args = new ArrayList<>();
        if (search.patientId() != null) {
            sql.append(" AND patient_id = ?");
            args.add(search.patientId());
        }
        if (search.type() != null) {
            sql.append(" AND type = ?");
            args.add(search.type().code());
        }
        if (search.deviceId() != null) {
            sql.append(" AND device_id = ?");
            args.add(search.deviceId());
        }
        if (search.from() != null) {
            sql.append(" AND time >= ?");
            args.add(utc(search.from()));
        }
        if (search.to() != null) {
            sql.append(" AND time <= ?");
            args.add(utc(search.to()));
        }
        String direction = search.ascending() ? "ASC" : "DESC";
        sql.append(" ORDER BY time ").append(direction).append(", id ").append(direction).append(" LIMIT ?");
        args.add(search.limit());
        return jdbc.query(sql.toString(), VIEW, args.toArray());
    }

    Optional<ReadingView> byId(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM readings WHERE id = ?", VIEW, id).stream().findFirst();
    }

    private static ReadingView view(ResultSet row, int rowNumber) throws SQLException {
        return new ReadingView(
                row.getString("id"),
                row.getString("device_id"),
                row.getString("reading_id"),
                row.getString("patient_id"),
                row.getString("type"),
                row.getObject("time", OffsetDateTime.class).toInstant(),
                row.getObject("received_at", OffsetDateTime.class).toInstant(),
                row.getObject("value", Double.class),
                row.getString("unit"),
                row.getObject("systolic", Double.class),
                row.getObject("diastolic", Double.class),
                row.getString("consciousness"),
                row.getObject("supplemental_oxygen", Boolean.class),
                row.getObject("oxygen_flow", Double.class),
                series(row.getArray("values")),
                row.getObject("latitude", Double.class),
                row.getObject("longitude", Double.class));
    }

    private static @Nullable List<Double> series(@Nullable Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            return List.of((Double[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
