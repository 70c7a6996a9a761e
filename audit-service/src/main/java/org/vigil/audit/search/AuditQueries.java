package org.vigil.audit.search;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.vigil.audit.ledger.StoredEvent;

/** Reads the audit log: the search behind every listing, by seq ascending, with keyset pagination. */
@Component
public class AuditQueries {

    private final JdbcTemplate jdbc;

    AuditQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public AuditPage search(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(StoredEvent.COLUMNS)
                .append(", r.reviewer, r.reviewed_at, r.note FROM audit_event e")
                .append(" LEFT JOIN break_glass_review r ON r.event_id = e.event_id WHERE e.seq > ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.afterSeq());
        if (query.patientId() != null) {
            // Containment, so that the GIN index on patient_ids answers it.
            sql.append(" AND e.patient_ids @> ?");
            parameters.add(new String[] {query.patientId()});
        }
        if (query.agent() != null) {
            sql.append(" AND e.agent = ?");
            parameters.add(query.agent());
        }
        if (query.action() != null) {
            sql.append(" AND e.action = ?");
            parameters.add(query.action());
        }
        if (query.outcome() != null) {
            sql.append(" AND e.outcome = ?");
            parameters.add(query.outcome());
        }
        if (query.breakGlass() != null) {
            sql.append(query.breakGlass() ? " AND e.break_glass" : " AND NOT e.break_glass");
        }
        if (query.reviewed() != null) {
            sql.append(query.reviewed() ? " AND r.event_id IS NOT NULL" : " AND r.event_id IS NULL");
        }
        if (query.from() != null) {
            sql.append(" AND e.recorded_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND e.recorded_at <= ?");
            parameters.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        sql.append(" ORDER BY e.seq LIMIT ?");
        parameters.add(query.limit() + 1);

        List<AuditEventView> events = jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(sql.toString());
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof String[] texts) {
                    Array array = connection.createArrayOf("text", texts);
                    ps.setArray(i + 1, array);
                } else {
                    ps.setObject(i + 1, value);
                }
            }
            return ps;
        }, (rs, row) -> {
            StoredEvent stored = StoredEvent.ROWS.mapRow(rs, row);
            String reviewer = rs.getString("reviewer");
            AuditEventView.Review review = reviewer == null ? null : new AuditEventView.Review(reviewer,
                    rs.getObject("reviewed_at", OffsetDateTime.class).toInstant(), rs.getString("note"));
            return AuditEventView.of(stored, review);
        });
        if (events.size() > query.limit()) {
            List<AuditEventView> page = events.subList(0, query.limit());
            return new AuditPage(List.copyOf(page), page.getLast().seq());
        }
        return new AuditPage(events, null);
    }
}
