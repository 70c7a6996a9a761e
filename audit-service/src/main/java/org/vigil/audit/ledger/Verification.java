package org.vigil.audit.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of recomputing the chain.
 *
 * @param valid every record from seq 1 to the head is present, links to its predecessor and matches its hash
 * @param records how many records were found intact (all of them when valid; those before the first invalid one
 *     otherwise)
 * @param headSeq the chain head's seq when verification started (later appends are not checked)
 * @param headHash the chain head's hash, lower-case hex; worth recording outside the database (it anchors the chain)
 * @param firstInvalidSeq the first seq that is missing, altered or misplaced; absent when valid
 * @param problem what is wrong at {@code firstInvalidSeq}; absent when valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(boolean valid, long records, long headSeq, String headHash,
        @Nullable Long firstInvalidSeq, @Nullable String problem) {
}
