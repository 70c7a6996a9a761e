package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.audit.IntegrationTest;
import org.vigil.common.events.AuditRecorded;
import tools.jackson.databind.JsonNode;

/** The chain head is checkpointed outside the database without being asked, and verify reports the checkpoints. */
class CheckpointIT extends IntegrationTest {

    @Autowired
    AuditLedger ledger;

    @Autowired
    Checkpoints checkpoints;

    @Test
    void appendedRecordsAreCheckpointedWithinTheIntervalAndVerifyHoldsTheChainAgainstThem() {
        ledger.append(List.of(
                access(unique("cp"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p")),
                access(unique("cp"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"))));
        long head = jdbc.queryForObject("SELECT seq FROM chain_head", Long.class);

        // vigil.audit.checkpoint-interval is 2 s in the tests.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Checkpoint latest = checkpoints.latest();
            return latest != null && latest.seq() >= head;
        });

        JsonNode verification = get("/api/v1/audit/verify").json();
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("checkpoints").asInt()).isPositive();
        assertThat(verification.get("lastCheckpointSeq").asLong()).isGreaterThanOrEqualTo(head);
        assertThat(verification.get("lastCheckpointAt").asString()).isNotBlank();
    }
}
