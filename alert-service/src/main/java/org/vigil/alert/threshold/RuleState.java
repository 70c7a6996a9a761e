package org.vigil.alert.threshold;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where a patient stands with one rule.
 *
 * @param newestAt time of the newest reading the rule has seen; older ones (a backlog) change nothing
 * @param newestBreaching whether that newest reading breached
 * @param breachCount breaching readings in a row, up to the newest
 * @param breachSince time of the first of them
 * @param clearCount readings in a row beyond the clearing margin while raised
 * @param raised whether the rule has raised its alert and not cleared it since
 */
record RuleState(Instant newestAt, UUID newestReading, boolean newestBreaching, int breachCount,
        @Nullable Instant breachSince, int clearCount, boolean raised) {
}
