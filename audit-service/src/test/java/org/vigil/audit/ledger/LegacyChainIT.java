package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.vigil.audit.IntegrationTest;
import org.vigil.common.events.AuditRecorded;

/**
 * A chain written by an earlier version (format 1, plain SHA-256) and continued by this one (format 2, keyed) still
 * verifies. The shared chain is moved aside for the test and put back after.
 */
class LegacyChainIT extends IntegrationTest {

    @Autowired
    AuditLedger ledger;

    @Autowired
    ChainKey key;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void plainRowsWrittenBeforeTheUpgradeAndKeyedRowsAfterVerifyTogether() throws Exception {
        awaitQuietChain();
        jdbc.execute("ALTER TABLE audit_event RENAME TO audit_event_aside");
        jdbc.execute("CREATE TABLE audit_event (LIKE audit_event_aside INCLUDING ALL)");
        jdbc.execute("CREATE TABLE chain_head_aside AS SELECT * FROM chain_head");
        try {
            jdbc.update("UPDATE chain_head SET seq = 0, hash = ?", (Object) CanonicalForm.GENESIS);
            byte[] prevHash = CanonicalForm.GENESIS;
            for (long seq = 1; seq <= 3; seq++) {
                prevHash = insertPlain(seq, prevHash);
            }
            ledger.append(List.of(record(), record()));
            // Its own checkpoint directory: the shared one anchors the chain that was moved aside.
            Path directory = Files.createTempDirectory("legacy-checkpoints-");
            ChainVerifier verifier = new ChainVerifier(jdbc, transactions, key, new Checkpoints(key,
                    directory.toString()), 2);

            Verification verification = verifier.verify();

            assertThat(verification.valid()).as(String.valueOf(verification.problem())).isTrue();
            assertThat(verification.records()).isEqualTo(5);
            assertThat(jdbc.queryForList("SELECT chain_format FROM audit_event ORDER BY seq", Short.class))
                    .containsExactly((short) 1, (short) 1, (short) 1, (short) 2, (short) 2);
        } finally {
            jdbc.execute("DROP TABLE audit_event");
            jdbc.execute("ALTER TABLE audit_event_aside RENAME TO audit_event");
            jdbc.execute("UPDATE chain_head h SET seq = a.seq, hash = a.hash FROM chain_head_aside a");
            jdbc.execute("DROP TABLE chain_head_aside");
        }
    }

    /** A row as audit-service wrote it before the chain was keyed. */
    private byte[] insertPlain(long seq, byte[] prevHash) {
        AuditRecorded r = record();
        Instant storedAt = CanonicalForm.stored(Instant.now());
        byte[] hash = CanonicalForm.link(prevHash, seq, r, storedAt);
        jdbc.update("""
                INSERT INTO audit_event (seq, chain_format, prev_hash, hash, event_id, recorded_at, stored_at, service,
                    action, resource, outcome, agent, agent_type, client_id, roles, patient_ids, request,
                    source_address, correlation_id, reason, break_glass)
                VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?, ?, ?, ?)""",
                seq, prevHash, hash, r.eventId(), utc(r.recordedAt()),
                utc(storedAt), r.service(), r.action(), r.resource(), r.outcome(), r.agent(),
                r.agentType(), r.clientId(), "{" + String.join(",", r.roles()) + "}",
                "{" + String.join(",", r.patientIds()) + "}", r.request(), r.sourceAddress(), r.correlationId(),
                r.reason(), r.breakGlass());
        jdbc.update("UPDATE chain_head SET seq = ?, hash = ?", seq, hash);
        return hash;
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return java.time.OffsetDateTime.ofInstant(CanonicalForm.stored(instant), java.time.ZoneOffset.UTC);
    }

    private static AuditRecorded record() {
        return access(unique("legacy"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));
    }

    private void awaitQuietChain() {
        long[] last = {-1};
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1500)).until(() -> {
            long head = jdbc.queryForObject("SELECT seq FROM chain_head", Long.class);
            boolean quiet = head == last[0];
            last[0] = head;
            return quiet;
        });
    }
}
