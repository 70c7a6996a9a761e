package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.audit.IntegrationTest;
import org.vigil.common.events.AuditRecorded;
import tools.jackson.databind.JsonNode;

/**
 * Someone with write access to the database edits or deletes audit rows; verification must say so, at the right seq.
 * Each test puts the row back afterwards, because every IT shares the one chain.
 */
class TamperIT extends IntegrationTest {

    @Autowired
    AuditLedger ledger;

    @Autowired
    ChainVerifier verifier;

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    Checkpointer checkpointer;

    private final List<Long> seqs = new ArrayList<>();

    @BeforeEach
    void appendTen() {
        List<AuditRecorded> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(access(unique("tamper"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p")));
        }
        ledger.append(records);
        for (AuditRecorded record : records) {
            seqs.add(seqOf(record.eventId()));
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void anEditedFieldIsReportedAtItsSeq() {
        long victim = seqs.get(4);
        String agent = jdbc.queryForObject("SELECT agent FROM audit_event WHERE seq = ?", String.class, victim);

        jdbc.update("UPDATE audit_event SET agent = 'someone-else' WHERE seq = ?", victim);
        try {
            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(victim);
            assertThat(verification.get("records").asLong()).isEqualTo(victim - 1);
            assertThat(verification.get("problem").asString()).contains("altered");
        } finally {
            jdbc.update("UPDATE audit_event SET agent = ? WHERE seq = ?", agent, victim);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void anEditedPatientListOrTimeIsReportedAtItsSeq() {
        long victim = seqs.get(2);
        jdbc.execute("CREATE TABLE tamper_copy AS SELECT * FROM audit_event WHERE seq = " + victim);
        try {
            jdbc.update("UPDATE audit_event SET patient_ids = '{}', recorded_at = recorded_at + interval '1 hour'"
                    + " WHERE seq = ?", victim);
            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(victim);
        } finally {
            jdbc.update("DELETE FROM audit_event WHERE seq = ?", victim);
            jdbc.execute("INSERT INTO audit_event SELECT * FROM tamper_copy");
            jdbc.execute("DROP TABLE tamper_copy");
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aRowRewrittenWithTheRestOfTheChainRehashedInPlainSha256IsReportedAtItsSeq() {
        awaitQuietChain();
        long victim = seqs.get(6);
        long head = headSeq();
        saveFrom(victim);
        try {
            // The forger edits a row and recomputes its hash, every later hash and the head with SHA-256, as the
            // chain's format 1 would: everything links, but without the key no keyed hash can be recomputed.
            rehashFrom(victim, head, CanonicalForm.KEYED);

            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(victim);
            assertThat(verification.get("records").asLong()).isEqualTo(victim - 1);
            assertThat(verification.get("problem").asString()).contains("record " + victim).contains("altered");
        } finally {
            restoreFrom(victim);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aRowRewrittenAsAnOldUnkeyedRowIsReportedAtItsSeq() {
        awaitQuietChain();
        long victim = seqs.get(3);
        long head = headSeq();
        saveFrom(victim);
        try {
            // The same, but the rewritten rows claim the plain format of rows written before the chain was keyed.
            rehashFrom(victim, head, CanonicalForm.PLAIN);

            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(victim);
            assertThat(verification.get("problem").asString()).contains("record " + victim)
                    .contains("without the chain key");
        } finally {
            restoreFrom(victim);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void cuttingOffTheNewestRowsAndSettingTheHeadBackIsReportedAgainstTheCheckpoint() {
        awaitQuietChain();
        long head = headSeq();
        checkpointer.checkpoint();
        assertThat(checkpoints.latest().seq()).isEqualTo(head);
        long newHead = head - 3;
        saveFrom(newHead + 1);
        try {
            // The newest three records deleted and the head set back to the one before: a chain valid in itself.
            jdbc.update("DELETE FROM audit_event WHERE seq > ?", newHead);
            jdbc.update("UPDATE chain_head SET seq = ?, hash = (SELECT hash FROM audit_event WHERE seq = ?)",
                    newHead, newHead);

            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("headSeq").asLong()).isEqualTo(newHead);
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(newHead + 1);
            assertThat(verification.get("problem").asString())
                    .startsWith("records " + (newHead + 1) + " to " + head + " are missing").contains("cut short");
            assertThat(verification.get("lastCheckpointSeq").asLong()).isEqualTo(head);
            // Nor does the checkpointer anchor the shortened chain.
            assertThat(checkpointer.checkpoint()).isEmpty();
        } finally {
            restoreFrom(newHead + 1);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aForgedCheckpointLineIsReported() throws Exception {
        Path forged = CHECKPOINTS.resolve("checkpoints-1999-12-31.jsonl");
        Files.writeString(forged, "{\"seq\":1,\"hash\":\"" + "00".repeat(32)
                + "\",\"at\":\"1999-12-31T00:00:00Z\",\"mac\":\"" + "11".repeat(32) + "\"}\n");
        try {
            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("problem").asString())
                    .contains("checkpoints-1999-12-31.jsonl line 1").contains("not a checkpoint signed");
        } finally {
            Files.delete(forged);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aDeletedRowIsReportedAtItsSeq() {
        long victim = seqs.get(5);
        jdbc.execute("CREATE TABLE tamper_copy AS SELECT * FROM audit_event WHERE seq = " + victim);
        try {
            jdbc.update("DELETE FROM audit_event WHERE seq = ?", victim);
            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(victim);
            assertThat(verification.get("records").asLong()).isEqualTo(victim - 1);
            assertThat(verification.get("problem").asString()).isEqualTo("record " + victim + " is missing");
        } finally {
            jdbc.execute("INSERT INTO audit_event SELECT * FROM tamper_copy");
            jdbc.execute("DROP TABLE tamper_copy");
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void deletingTheNewestRowIsReportedAgainstTheChainHead() {
        awaitQuietChain();
        long newest = jdbc.queryForObject("SELECT seq FROM chain_head", Long.class);
        jdbc.execute("CREATE TABLE tamper_copy AS SELECT * FROM audit_event WHERE seq = " + newest);
        try {
            jdbc.update("DELETE FROM audit_event WHERE seq = ?", newest);
            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(newest);
            assertThat(verification.get("headSeq").asLong()).isEqualTo(newest);
        } finally {
            jdbc.execute("INSERT INTO audit_event SELECT * FROM tamper_copy");
            jdbc.execute("DROP TABLE tamper_copy");
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    private long headSeq() {
        return jdbc.queryForObject("SELECT seq FROM chain_head", Long.class);
    }

    /** Keeps a copy of the rows from {@code seq} on and of the head, for {@link #restoreFrom}. */
    private void saveFrom(long seq) {
        jdbc.execute("CREATE TABLE tamper_copy AS SELECT * FROM audit_event WHERE seq >= " + seq);
        jdbc.execute("CREATE TABLE tamper_head AS SELECT * FROM chain_head");
    }

    private void restoreFrom(long seq) {
        jdbc.update("DELETE FROM audit_event WHERE seq >= ?", seq);
        jdbc.execute("INSERT INTO audit_event SELECT * FROM tamper_copy");
        jdbc.execute("UPDATE chain_head h SET seq = t.seq, hash = t.hash FROM tamper_head t");
        jdbc.execute("DROP TABLE tamper_copy");
        jdbc.execute("DROP TABLE tamper_head");
    }

    /** Edits row {@code from}'s agent, then recomputes the plain SHA-256 of it and every row after, and the head. */
    private void rehashFrom(long from, long head, short format) {
        byte[] prevHash = jdbc.queryForObject("SELECT prev_hash FROM audit_event WHERE seq = ?", byte[].class, from);
        for (long seq = from; seq <= head; seq++) {
            StoredEvent row = jdbc.queryForObject("SELECT " + StoredEvent.COLUMNS
                    + " FROM audit_event e WHERE e.seq = ?", StoredEvent.ROWS, seq);
            AuditRecorded r = row.record();
            String agent = seq == from ? "someone-else" : r.agent();
            AuditRecorded edited = new AuditRecorded(r.eventId(), r.recordedAt(), r.service(), r.action(),
                    r.resource(), r.outcome(), agent, r.agentType(), r.clientId(), r.roles(), r.patientIds(),
                    r.request(), r.sourceAddress(), r.correlationId(), r.reason(), r.breakGlass());
            byte[] hash = CanonicalForm.hash(prevHash, CanonicalForm.of(format, seq, edited, row.storedAt()));
            jdbc.update("UPDATE audit_event SET agent = ?, chain_format = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    agent, format, prevHash, hash, seq);
            prevHash = hash;
        }
        jdbc.update("UPDATE chain_head SET hash = ? WHERE seq = ?", prevHash, head);
    }

    /**
     * The verifier itself, not the endpoint: every call of the endpoint appends its own audit record a moment later,
     * which would move the head under these tests (the endpoint is exercised by the other ITs).
     */
    private JsonNode verify() {
        return JSON.valueToTree(verifier.verify());
    }

    /** Waits until no audit record is in flight (the head has not moved for a while), so that the newest stays so. */
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
