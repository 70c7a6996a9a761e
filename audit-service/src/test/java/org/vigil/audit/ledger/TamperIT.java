package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    void aRehashedRowStillBreaksTheLinkOfTheNextOne() {
        long victim = seqs.get(6);
        jdbc.execute("CREATE TABLE tamper_copy AS SELECT * FROM audit_event WHERE seq = " + victim);
        try {
            // The forger recomputes the edited row's own hash, but cannot fix the next row's prev_hash unnoticed.
            StoredEvent row = jdbc.queryForObject("SELECT " + StoredEvent.COLUMNS
                    + " FROM audit_event e WHERE e.seq = ?", StoredEvent.ROWS, victim);
            AuditRecorded r = row.record();
            AuditRecorded forged = new AuditRecorded(r.eventId(), r.recordedAt(), r.service(), r.action(),
                    r.resource(), r.outcome(), "someone-else", r.agentType(), r.clientId(), r.roles(), r.patientIds(),
                    r.request(), r.sourceAddress(), r.correlationId(), r.reason(), r.breakGlass());
            jdbc.update("UPDATE audit_event SET agent = ?, hash = ? WHERE seq = ?", forged.agent(),
                    CanonicalForm.link(row.prevHash(), victim, forged, row.storedAt()), victim);

            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(victim + 1);
            assertThat(verification.get("problem").asString()).contains("does not link");
        } finally {
            jdbc.update("DELETE FROM audit_event WHERE seq = ?", victim);
            jdbc.execute("INSERT INTO audit_event SELECT * FROM tamper_copy");
            jdbc.execute("DROP TABLE tamper_copy");
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
