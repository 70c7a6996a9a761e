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
import org.vigil.vitals.Keyset;

/** Reads of stored readings. Every search names a time range or a limit, so that it prunes to few partitions. */
@Component
class ReadingQueries {

    private static final String COLUMNS = """
            id, device_id, reading_id, patient_id, type, time, received_at, value, unit, systolic, diastolic,
            consciousness, supplemental_oxygen, oxygen_flow, "values", latitude, longitude, source, status,
            data_absent_reason, resource::text AS resource""";

    private static final RowMapper<ReadingView> VIEW = ReadingQueries::view;

    private final JdbcTemplate jdbc;

    ReadingQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A search; null fields and an empty type list do not restrict. {@code from}/{@code to} are inclusive,
     * {@code after}/{@code before} exclusive bounds on the reading time; {@code receivedSince} bounds the receipt
     * time; {@code readingId} is the device's own id (with a device).
     */
    record Search(@Nullable String patientId, List<VitalType> types, @Nullable String deviceId,
            @Nullable Instant from, @Nullable Instant after, @Nullable Instant to, @Nullable Instant before,
            @Nullable Instant receivedSince, @Nullable String readingId, Keyset.@Nullable Cursor cursor, int limit,
            boolean ascending) {

        /** The public API's range search: one type or all, {@code from <= time <= to}. */
        static Search range(String patientId, @Nullable VitalType type, @Nullable Instant from, @Nullable Instant to,
                int limit) {
            return new Search(patientId, type == null ? List.of() : List.of(type), null, from, null, to, null, null,
                    null, null, limit, true);
        }
    }

    List<ReadingView> latest(String patientId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM latest_vital WHERE patient_id = ? ORDER BY type", VIEW,
                patientId);
    }

    /**
     * Readings matching the search, sorted by (time, id) in its order, at most {@code limit}. With a patient and one
     * type this is an ordered scan of readings_patient_type_time_idx over the partitions the time bounds leave; a
     * type list is one {@code type = ANY} condition on the same index.
     */
    List<ReadingView> search(Search search) {
        List<Object> args = new ArrayList<>();
        return jdbc.query(searchSql(search, args), VIEW, args.toArray());
    }

    /** The search's SQL, its arguments appended to {@code args} (package-private for the plan test). */
    static String searchSql(Search search, List<Object> args) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM readings WHERE ");
        sql.append(conditions(search, args));
        Keyset.Cursor cursor = search.cursor();
        if (cursor != null) {
            // The plain time bound lets the index and partition pruning see the cursor; the row comparison is exact.
            sql.append(search.ascending() ? " AND time >= ? AND (time, id) > (?, ?)"
                    : " AND time <= ? AND (time, id) < (?, ?)");
            args.add(utc(cursor.time()));
            args.add(utc(cursor.time()));
            args.add(cursor.id());
        }
        String direction = search.ascending() ? "ASC" : "DESC";
        sql.append(" ORDER BY time ").append(direction).append(", id ").append(direction).append(" LIMIT ?");
        args.add(search.limit());
        return sql.toString();
    }

    /** How many readings match the search (its cursor and limit ignored). */
    long count(Search search) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT count(*) FROM readings WHERE " + conditions(search, args);
        Long count = jdbc.queryForObject(sql, Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    /**
     * For each type, in the order given, the patient's newest {@code max} readings by time, newest first: one query,
     * a lateral ordered index scan per type.
     */
    List<ReadingView> lastN(String patientId, List<VitalType> types, int max) {
        if (types.isEmpty()) {
            return List.of();
        }
        String[] codes = types.stream().map(VitalType::code).toArray(String[]::new);
        String sql = "SELECT r.* FROM unnest(?::varchar[]) WITH ORDINALITY AS t(type, position)"
                + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM readings WHERE patient_id = ? AND type = t.type"
                + " ORDER BY time DESC, id DESC LIMIT ?) r ORDER BY t.position, r.time DESC, r.id DESC";
        return jdbc.query(con -> {
            var statement = con.prepareStatement(sql);
            statement.setArray(1, con.createArrayOf("varchar", codes));
            statement.setString(2, patientId);
            statement.setInt(3, max);
            return statement;
        }, VIEW);
    }

    private static String conditions(Search search, List<Object> args) {
        StringBuilder sql = new StringBuilder("true");
        if (search.patientId() != null) {
            sql.append(" AND patient_id = ?");
            args.add(search.patientId());
        }
        if (search.types().size() == 1) {
            sql.append(" AND type = ?");
            args.add(search.types().getFirst().code());
        } else if (!search.types().isEmpty()) {
            // PostgreSQL plans IN (...) as type = ANY ('{...}'), an index condition on the patient-type-time index.
            sql.append(" AND type IN (").append(String.join(", ", java.util.Collections.nCopies(
                    search.types().size(), "?"))).append(')');
            search.types().forEach(type -> args.add(type.code()));
        }
        if (search.deviceId() != null) {
            sql.append(" AND device_id = ?");
            args.add(search.deviceId());
        }
        if (search.readingId() != null) {
            sql.append(" AND reading_id = ?");
            args.add(search.readingId());
        }
        Keyset.timeConditions(sql, args, search.from(), search.after(), search.to(), search.before(),
                search.receivedSince());
        return sql.toString();
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
                row.getObject("longitude", Double.class),
                row.getString("source"),
                row.getString("status"),
                row.getString("data_absent_reason"),
                row.getString("resource"));
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
