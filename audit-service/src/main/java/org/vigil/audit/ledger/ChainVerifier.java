package org.vigil.audit.ledger;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the chain from seq 1 to the head, a batch of rows at a time (keyset pagination, never the whole log in
 * memory), in one read-only REPEATABLE READ transaction, so that the head and the rows are one consistent snapshot
 * while appends go on.
 */
@Component
public class ChainVerifier {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final int batchSize;

    ChainVerifier(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            @Value("${vigil.audit.verify-batch-size:1000}") int batchSize) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.batchSize = batchSize;
    }

    public Verification verify() {
        return snapshot.execute(status -> verifyInSnapshot());
    }

    private Verification verifyInSnapshot() {
        record Head(long seq, byte[] hash) {
        }
        Head head = jdbc.queryForObject("SELECT seq, hash FROM chain_head WHERE id = 1",
                (rs, row) -> new Head(rs.getLong("seq"), rs.getBytes("hash")));
        String headHash = HexFormat.of().formatHex(head.hash());
        long expected = 1;
        byte[] prevHash = CanonicalForm.GENESIS;
        while (expected <= head.seq()) {
            List<StoredEvent> batch = jdbc.query("SELECT " + StoredEvent.COLUMNS
                    + " FROM audit_event e WHERE e.seq >= ? AND e.seq <= ? ORDER BY e.seq LIMIT ?",
                    StoredEvent.ROWS, expected, head.seq(), batchSize);
            if (batch.isEmpty()) {
                break;
            }
            for (StoredEvent row : batch) {
                String problem = problem(row, expected, prevHash);
                if (problem != null) {
                    return invalid(expected - 1, head.seq(), headHash, expected, problem);
                }
                prevHash = row.hash();
                expected++;
            }
        }
        long verified = expected - 1;
        if (verified < head.seq()) {
            return invalid(verified, head.seq(), headHash, expected, expected == head.seq()
                    ? "record " + expected + " is missing" : "records " + expected + " to " + head.seq() + " are missing");
        }
        if (!Arrays.equals(prevHash, head.hash())) {
            return invalid(verified, head.seq(), headHash, head.seq(),
                    "the chain head's hash is not the hash of record " + head.seq());
        }
        return new Verification(true, verified, head.seq(), headHash, null, null);
    }

    private static @Nullable String problem(StoredEvent row, long expected, byte[] prevHash) {
        if (row.seq() != expected) {
            return expected == row.seq() - 1 ? "record " + expected + " is missing"
                    : "records " + expected + " to " + (row.seq() - 1) + " are missing";
        }
        if (row.format() != CanonicalForm.FORMAT) {
            return "record " + expected + " has an unknown chain format " + row.format();
        }
        if (!Arrays.equals(row.prevHash(), prevHash)) {
            return "record " + expected + " does not link to the hash of record " + (expected - 1);
        }
        byte[] recomputed = CanonicalForm.link(prevHash, row.seq(), row.record(), row.storedAt());
        if (!Arrays.equals(recomputed, row.hash())) {
            return "record " + expected + " does not match its hash: it was altered";
        }
        return null;
    }

    private static Verification invalid(long verified, long headSeq, String headHash, long at, String problem) {
        return new Verification(false, verified, headSeq, headHash, at, problem);
    }
}
