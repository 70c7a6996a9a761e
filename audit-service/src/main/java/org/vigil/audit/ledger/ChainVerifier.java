package org.vigil.audit.ledger;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
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
 * while appends go on; and holds it against the signed checkpoints outside the database, which is what reveals a
 * chain cut short (newest rows deleted, head set back) or rewritten by someone who could recompute its hashes.
 */
@Component
public class ChainVerifier {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final ChainKey key;
    private final Checkpoints checkpoints;
    private final int batchSize;

    ChainVerifier(JdbcTemplate jdbc, PlatformTransactionManager transactions, ChainKey key, Checkpoints checkpoints,
            @Value("${vigil.audit.verify-batch-size:1000}") int batchSize) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.key = key;
        this.checkpoints = checkpoints;
        this.batchSize = batchSize;
    }

    private record Head(long seq, byte[] hash) {
    }

    /** Where a walk along the chain stopped: after {@code lastSeq} (hash {@code lastHash}), or at a problem. */
    private record Walk(long lastSeq, byte[] lastHash, @Nullable Long invalidSeq, @Nullable String problem) {
    }

    public Verification verify() {
        // Read before the snapshot is taken: a checkpoint is written only after its record was committed, so every
        // checkpoint read here names a record the snapshot can see. Read after, a checkpoint of a record appended
        // meanwhile would look like a truncation.
        Checkpoints.Loaded loaded = checkpoints.read();
        return snapshot.execute(status -> verifyInSnapshot(loaded));
    }

    private Verification verifyInSnapshot(Checkpoints.Loaded loaded) {
        Head head = head();
        String headHash = HexFormat.of().formatHex(head.hash());
        List<Checkpoint> anchors = loaded.checkpoints();
        Checkpoint latest = anchors.isEmpty() ? null : anchors.getLast();
        Verification.Anchors summary = new Verification.Anchors(anchors.size(),
                latest == null ? null : latest.seq(), latest == null ? null : latest.at());
        Walk walk = walk(1, CanonicalForm.GENESIS, head.seq(), new ArrayDeque<>(anchors));
        if (walk.problem() != null) {
            return invalid(walk.invalidSeq() - 1, head.seq(), headHash, walk.invalidSeq(), walk.problem(), summary);
        }
        if (!Arrays.equals(walk.lastHash(), head.hash())) {
            return invalid(head.seq(), head.seq(), headHash, head.seq(),
                    "the chain head's hash is not the hash of record " + head.seq(), summary);
        }
        if (latest != null && latest.seq() > head.seq()) {
            long from = head.seq() + 1;
            return invalid(head.seq(), head.seq(), headHash, from, (from == latest.seq() ? "record " + from + " is"
                    : "records " + from + " to " + latest.seq() + " are") + " missing: the chain ends at record "
                    + head.seq() + " but the checkpoint of " + latest.at() + " anchors record " + latest.seq()
                    + "; the chain was cut short", summary);
        }
        if (loaded.problem() != null) {
            return invalid(head.seq(), head.seq(), headHash, null, loaded.problem(), summary);
        }
        return new Verification(true, head.seq(), head.seq(), headHash, null, null, summary.count(),
                summary.lastSeq(), summary.lastAt());
    }

    /**
     * Whether the records appended since checkpoint {@code since} (its seq and hash trusted: it is signed) verify, and
     * the head they lead to; the checkpointer signs a new head only then. {@code since} absent: the head as it is
     * (the first checkpoint trusts the chain as found).
     */
    Extension extension(@Nullable Checkpoint since) {
        return snapshot.execute(status -> {
            Head head = head();
            if (since == null) {
                return new Extension(head.seq(), head.hash(), null);
            }
            if (head.seq() < since.seq()) {
                return new Extension(head.seq(), head.hash(), "the chain head is at record " + head.seq()
                        + ", behind the checkpoint of record " + since.seq() + ": the chain was cut short");
            }
            Walk walk = walk(since.seq() + 1, since.hash(), head.seq(), new ArrayDeque<>());
            if (walk.problem() != null) {
                return new Extension(head.seq(), head.hash(), walk.problem());
            }
            if (!Arrays.equals(walk.lastHash(), head.hash())) {
                return new Extension(head.seq(), head.hash(), head.seq() == since.seq()
                        ? "the chain head's hash is not the checkpointed hash of record " + head.seq()
                        : "the chain head's hash is not the hash of record " + head.seq());
            }
            return new Extension(head.seq(), head.hash(), null);
        });
    }

    /** The head the checkpointer may sign, or why it must not. */
    record Extension(long seq, byte[] hash, @Nullable String problem) {
    }

    private Head head() {
        return jdbc.queryForObject("SELECT seq, hash FROM chain_head WHERE id = 1",
                (rs, row) -> new Head(rs.getLong("seq"), rs.getBytes("hash")));
    }

    /**
     * Checks records {@code from} to {@code to} in order against {@code prevHash}, and against each anchor whose seq
     * they pass.
     */
    private Walk walk(long from, byte[] prevHash, long to, Deque<Checkpoint> anchors) {
        long expected = from;
        boolean keyedSeen = false;
        while (expected <= to) {
            List<StoredEvent> batch = jdbc.query("SELECT " + StoredEvent.COLUMNS
                    + " FROM audit_event e WHERE e.seq >= ? AND e.seq <= ? ORDER BY e.seq LIMIT ?",
                    StoredEvent.ROWS, expected, to, batchSize);
            if (batch.isEmpty()) {
                break;
            }
            for (StoredEvent row : batch) {
                String problem = problem(row, expected, prevHash, keyedSeen);
                if (problem != null) {
                    return new Walk(expected - 1, prevHash, expected, problem);
                }
                keyedSeen |= row.format() == CanonicalForm.KEYED;
                while (!anchors.isEmpty() && anchors.peekFirst().seq() <= row.seq()) {
                    Checkpoint anchor = anchors.pollFirst();
                    if (anchor.seq() == row.seq() && !Arrays.equals(anchor.hash(), row.hash())) {
                        return new Walk(expected - 1, prevHash, expected, "record " + expected + " does not match"
                                + " the checkpoint of " + anchor.at() + ": the chain was rewritten up to here");
                    }
                }
                prevHash = row.hash();
                expected++;
            }
        }
        if (expected <= to) {
            return new Walk(expected - 1, prevHash, expected, expected == to ? "record " + expected + " is missing"
                    : "records " + expected + " to " + to + " are missing");
        }
        return new Walk(to, prevHash, null, null);
    }

    private @Nullable String problem(StoredEvent row, long expected, byte[] prevHash, boolean keyedSeen) {
        if (row.seq() != expected) {
            return expected == row.seq() - 1 ? "record " + expected + " is missing"
                    : "records " + expected + " to " + (row.seq() - 1) + " are missing";
        }
        byte[] recomputed;
        if (row.format() == CanonicalForm.KEYED) {
            recomputed = key.link(prevHash, row.seq(), row.record(), row.storedAt());
        } else if (row.format() == CanonicalForm.PLAIN) {
            // Rows of format 1 were written before the chain was keyed; none can follow a keyed one, or anyone could
            // append or rewrite recent records with plain SHA-256 and call them old.
            if (keyedSeen) {
                return "record " + expected + " is hashed without the chain key (format 1) after keyed records:"
                        + " it was rewritten";
            }
            recomputed = CanonicalForm.link(prevHash, row.seq(), row.record(), row.storedAt());
        } else {
            return "record " + expected + " has an unknown chain format " + row.format();
        }
        if (!Arrays.equals(row.prevHash(), prevHash)) {
            return "record " + expected + " does not link to the hash of record " + (expected - 1);
        }
        if (!Arrays.equals(recomputed, row.hash())) {
            return "record " + expected + " does not match its hash: it was altered";
        }
        return null;
    }

    private static Verification invalid(long verified, long headSeq, String headHash, @Nullable Long at,
            String problem, Verification.Anchors anchors) {
        return new Verification(false, verified, headSeq, headHash, at, problem, anchors.count(), anchors.lastSeq(),
                anchors.lastAt());
    }
}
