package org.vigil.audit.ledger;

import java.time.Instant;
import java.util.HexFormat;

/**
 * A signed statement, kept outside the database, that the chain's record {@code seq} had hash {@code hash} at time
 * {@code at}. Records can be rewritten or dropped in the database, but not below a checkpoint unnoticed.
 */
record Checkpoint(long seq, byte[] hash, Instant at) {

    String hashHex() {
        return HexFormat.of().formatHex(hash);
    }
}
