package org.vigil.vitals.document;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.vigil.vitals.Keyset;

/**
 * Reads of stored Observation documents. They are few next to readings (one panel per set of readings at most), so
 * one unpartitioned table with the (patient_id, time, id) index serves patient searches in either order; device
 * searches filter what that leaves, or scan, which at this size is cheap.
 */
@Component
class DocumentQueries {

    private static final String COLUMNS =
            "id, patient_id, device_id, reading_id, code, time, received_at, status, resource::text AS resource";

    private static final RowMapper<DocumentView> VIEW = DocumentQueries::view;

    private final JdbcTemplate jdbc;

    DocumentQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A search; null fields and an empty code list do not restrict. {@code from}/{@code to} are inclusive,
     * {@code after}/{@code before} exclusive bounds on the document's time; {@code receivedSince} bounds its receipt.
     */
    record Search(@Nullable String patientId, @Nullable String deviceId, List<String> codes, @Nullable Instant from,
            @Nullable Instant after, @Nullable Instant to, @Nullable Instant before, @Nullable Instant receivedSince,
            Keyset.@Nullable Cursor cursor, int limit, boolean ascending) {

        Search {
            codes = List.copyOf(codes);
        }
    }

    Optional<DocumentView> byId(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM observation_document WHERE id = ?", VIEW, id).stream()
                .findFirst();
    }

    /** Documents matching the search, sorted by (time, id) in its order, at most {@code limit}. */
    List<DocumentView> search(Search search) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM observation_document WHERE ")
                .append(conditions(search, args));
        Keyset.Cursor cursor = search.cursor();
        if (cursor != null) {
            sql.append(search.ascending() ? " AND (time, id) > (?, ?)" : " AND (time, id) < (?, ?)");
            args.add(utc(cursor.time()));
            args.add(cursor.id());
        }
        String direction = search.ascending() ? "ASC" : "DESC";
        sql.append(" ORDER BY time ").append(direction).append(", id ").append(direction).append(" LIMIT ?");
        args.add(search.limit());
        return jdbc.query(sql.toString(), VIEW, args.toArray());
    }

    /** How many documents match the search (its cursor and limit ignored). */
    long count(Search search) {
        List<Object> args = new ArrayList<>();
        Long count = jdbc.queryForObject("SELECT count(*) FROM observation_document WHERE "
                + conditions(search, args), Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    private static String conditions(Search search, List<Object> args) {
        StringBuilder sql = new StringBuilder("true");
        if (search.patientId() != null) {
            sql.append(" AND patient_id = ?");
            args.add(search.patientId());
        }
        if (search.deviceId() != null) {
            sql.append(" AND device_id = ?");
            args.add(search.deviceId());
        }
        if (!search.codes().isEmpty()) {
            sql.append(" AND code IN (").append(String.join(", ", Collections.nCopies(search.codes().size(), "?")))
                    .append(')');
            args.addAll(search.codes());
        }
        Keyset.timeConditions(sql, args, search.from(), search.after(), search.to(), search.before(),
                search.receivedSince());
        return sql.toString();
    }

    private static DocumentView view(ResultSet row, int rowNumber) throws SQLException {
        return new DocumentView(
                row.getString("id"),
                row.getString("patient_id"),
                row.getString("device_id"),
                row.getString("reading_id"),
                row.getString("code"),
                row.getObject("time", OffsetDateTime.class).toInstant(),
                row.getObject("received_at", OffsetDateTime.class).toInstant(),
                row.getString("status"),
                row.getString("resource"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
