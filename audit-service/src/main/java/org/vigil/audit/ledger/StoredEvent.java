package org.vigil.audit.ledger;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.vigil.common.events.AuditRecorded;

/**
 * One row of {@code audit_event}: the record as received, where it sits in the chain, and when it was stored.
 *
 * @param format the {@code chain_format} its hash was computed with
 */
public record StoredEvent(long seq, short format, byte[] prevHash, byte[] hash, Instant storedAt,
        AuditRecorded record) {

    /** The columns {@link #ROWS} reads, for {@code SELECT} lists; {@code e} is the table's alias. */
    public static final String COLUMNS = """
            e.seq, e.chain_format, e.prev_hash, e.hash, e.stored_at, e.event_id, e.recorded_at, e.service, e.action, \
            e.resource, e.outcome, e.agent, e.agent_type, e.client_id, e.roles, e.patient_ids, e.request, \
            e.source_address, e.correlation_id, e.reason, e.break_glass""";

    public static final RowMapper<StoredEvent> ROWS = StoredEvent::map;

    /** The hash in lower-case hex. */
    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    private static StoredEvent map(ResultSet rs, int row) throws SQLException {
        AuditRecorded record = new AuditRecorded(
                rs.getObject("event_id", UUID.class),
                instant(rs, "recorded_at"),
                rs.getString("service"),
                rs.getString("action"),
                rs.getString("resource"),
                rs.getString("outcome"),
                rs.getString("agent"),
                rs.getString("agent_type"),
                rs.getString("client_id"),
                texts(rs.getArray("roles")),
                texts(rs.getArray("patient_ids")),
                rs.getString("request"),
                rs.getString("source_address"),
                rs.getString("correlation_id"),
                rs.getString("reason"),
                rs.getBoolean("break_glass"));
        return new StoredEvent(rs.getLong("seq"), rs.getShort("chain_format"), rs.getBytes("prev_hash"),
                rs.getBytes("hash"), instant(rs, "stored_at"), record);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static List<String> texts(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
