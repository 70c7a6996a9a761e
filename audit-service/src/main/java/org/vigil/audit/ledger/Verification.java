package org.vigil.audit.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of recomputing the chain and holding it against the checkpoints.
 *
 * @param valid every record from seq 1 to the head is present, links to its predecessor, matches its hash (keyed
 *     from the first format-2 record on) and every checkpoint on disk; no checkpoint names a record beyond the head
 * @param records how many records were found intact (all of them when valid; those before the first invalid one
 *     otherwise)
 * @param headSeq the chain head's seq when verification started (later appends are not checked)
 * @param headHash the chain head's hash, lower-case hex
 * @param firstInvalidSeq the first seq that is missing, altered, misplaced or contradicts a checkpoint; absent when
 *     valid, and when the only problem is an unsigned line among the checkpoints
 * @param problem what is wrong at {@code firstInvalidSeq}; absent when valid
 * @param checkpoints how many signed checkpoints the chain was held against
 * @param lastCheckpointSeq the newest checkpoint's record; absent when there is none
 * @param lastCheckpointAt when the newest checkpoint was written; absent when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(boolean valid, long records, long headSeq, String headHash,
        @Nullable Long firstInvalidSeq, @Nullable String problem, int checkpoints, @Nullable Long lastCheckpointSeq,
        @Nullable Instant lastCheckpointAt) {

    /** The checkpoints a verification used. */
    record Anchors(int count, @Nullable Long lastSeq, @Nullable Instant lastAt) {
    }
}
