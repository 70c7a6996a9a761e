package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.ContractFixtures;

/** Without the demo profile the service does not start without a real key; and what a key signs. */
class ChainKeyTest {

    private static final String KEY = "a-test-key-of-at-least-thirty-two-characters";

    @Test
    void noKeyStopsTheServiceSayingWhichSettingToSet() {
        assertThatThrownBy(() -> new ChainKey("", new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vigil.audit.chain-key (VIGIL_AUDIT_CHAIN_KEY) is not set");
    }

    @Test
    void theDemoKeyStopsTheServiceOutsideTheDemoProfileAndIsAcceptedInIt() {
        assertThatThrownBy(() -> new ChainKey(ChainKey.DEMO_KEY, new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("demo profile's published key");
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThat(new ChainKey(ChainKey.DEMO_KEY, demo)).isNotNull();
    }

    @Test
    void aShortKeyStopsTheService() {
        assertThatThrownBy(() -> new ChainKey("short", new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter than 32 characters");
    }

    @Test
    void theKeyedHashDependsOnTheKeyAndDiffersFromThePlainOne() {
        AuditRecorded fixture = ContractFixtures.audit("read-granted");
        Instant storedAt = Instant.parse("2026-11-21T10:00:01.5Z");
        byte[] keyed = new ChainKey(KEY).link(CanonicalForm.GENESIS, 1, fixture, storedAt);

        assertThat(keyed).hasSize(32)
                .isEqualTo(new ChainKey(KEY).link(CanonicalForm.GENESIS, 1, fixture, storedAt))
                .isNotEqualTo(new ChainKey(KEY + "x").link(CanonicalForm.GENESIS, 1, fixture, storedAt))
                .isNotEqualTo(CanonicalForm.link(CanonicalForm.GENESIS, 1, fixture, storedAt));
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsReportedAndACutShortLastLineIsSkipped(@TempDir Path directory)
            throws Exception {
        new Checkpoints(new ChainKey(KEY + "-other"), directory.toString())
                .append(7, new byte[32], Instant.parse("2026-11-21T10:00:00Z"));
        Checkpoints mine = new Checkpoints(new ChainKey(KEY), directory.toString());
        mine.append(9, new byte[32], Instant.parse("2026-11-21T10:01:00Z"));
        Path file = directory.resolve("checkpoints-2026-11-21.jsonl");
        Files.writeString(file, Files.readString(file) + "{\"seq\":10,\"ha");

        Checkpoints.Loaded loaded = mine.read();

        assertThat(loaded.checkpoints()).extracting(Checkpoint::seq).containsExactly(9L);
        assertThat(loaded.problem()).contains("checkpoints-2026-11-21.jsonl line 1");
    }

    @Test
    void noCheckpointDirectoryStopsTheService() {
        assertThatThrownBy(() -> new Checkpoints(new ChainKey(KEY), " "))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vigil.audit.checkpoint-dir (VIGIL_AUDIT_CHECKPOINT_DIR) is not set");
    }
}
