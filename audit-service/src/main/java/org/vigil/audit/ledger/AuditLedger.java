package org.vigil.audit.ledger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.common.events.AuditRecorded;

/**
 * Appends records to the chain. Each append locks the one-row {@code chain_head} first ({@code SELECT ... FOR
 * UPDATE}), so that the consumers of every replica append one batch at a time to one chain with gap-free
 * {@code seq}; the lock also makes the redelivery check exact (a record whose {@code eventId} is stored is skipped).
 */
@Component
class AuditLedger {

    /** How an append went: records chained, and records skipped because their eventId was stored before. */
    record Appended(int stored, int duplicates) {
    }

    private static final String INSERT = """
            INSERT INTO audit_event (seq, chain_format, prev_hash, hash, event_id, recorded_at, stored_at, service,
                action, resource, outcome, agent, agent_type, client_id, roles, patient_ids, request, source_address,
                correlation_id, reason, break_glass)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final ChainKey key;
    private final Clock clock;

    AuditLedger(JdbcTemplate jdbc, ChainKey key) {
        this.jdbc = jdbc;
        this.key = key;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    Appended append(List<AuditRecorded> records) {
        if (records.isEmpty()) {
            return new Appended(0, 0);
        }
        ChainHead head = jdbc.queryForObject("SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE",
                (rs, row) -> new ChainHead(rs.getLong("seq"), rs.getBytes("hash")));
        Map<UUID, AuditRecorded> unique = new LinkedHashMap<>();
        for (AuditRecorded record : records) {
            unique.putIfAbsent(record.eventId(), record);
        }
        Set<UUID> stored = storedAlready(unique.keySet());
        Instant storedAt = CanonicalForm.stored(clock.instant());
        long seq = head.seq();
        byte[] prevHash = head.hash();
        List<Object[]> rows = new ArrayList<>(unique.size());
        for (AuditRecorded record : unique.values()) {
            if (stored.contains(record.eventId())) {
                continue;
            }
            seq++;
            byte[] hash = key.link(prevHash, seq, record, storedAt);
            rows.add(new Object[] {seq, prevHash, hash, record});
            prevHash = hash;
        }
        if (!rows.isEmpty()) {
            insert(rows, storedAt);
            jdbc.update("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", seq, prevHash);
        }
        return new Appended(rows.size(), records.size() - rows.size());
    }

    private Set<UUID> storedAlready(Set<UUID> eventIds) {
        List<UUID> found = jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "SELECT event_id FROM audit_event WHERE event_id = ANY (?)");
            ps.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
            return ps;
        }, (rs, row) -> rs.getObject(1, UUID.class));
        return new HashSet<>(found);
    }

    private void insert(List<Object[]> rows, Instant storedAt) {
        OffsetDateTime stored = OffsetDateTime.ofInstant(storedAt, ZoneOffset.UTC);
        jdbc.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> {
            AuditRecorded record = (AuditRecorded) row[3];
            Connection connection = ps.getConnection();
            int i = 0;
            ps.setLong(++i, (Long) row[0]);
            ps.setShort(++i, CanonicalForm.KEYED);
            ps.setBytes(++i, (byte[]) row[1]);
            ps.setBytes(++i, (byte[]) row[2]);
            ps.setObject(++i, record.eventId());
            ps.setObject(++i, OffsetDateTime.ofInstant(CanonicalForm.stored(record.recordedAt()), ZoneOffset.UTC));
            ps.setObject(++i, stored);
            ps.setString(++i, record.service());
            ps.setString(++i, record.action());
            ps.setString(++i, record.resource());
            ps.setString(++i, record.outcome());
            ps.setString(++i, record.agent());
            ps.setString(++i, record.agentType());
            ps.setString(++i, record.clientId());
            ps.setArray(++i, texts(connection, record.roles()));
            ps.setArray(++i, texts(connection, record.patientIds()));
            ps.setString(++i, record.request());
            ps.setString(++i, record.sourceAddress());
            ps.setString(++i, record.correlationId());
            ps.setString(++i, record.reason());
            ps.setBoolean(++i, record.breakGlass());
        });
    }

    private static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private record ChainHead(long seq, byte[] hash) {
    }
}
