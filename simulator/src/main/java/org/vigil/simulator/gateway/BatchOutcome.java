package org.vigil.simulator.gateway;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What became of one POST /api/v1/readings. */
public sealed interface BatchOutcome {

    /**
     * The platform answered for every reading in the batch.
     *
     * @param rejectedIds the reading ids it rejected, where it named them (may be fewer than {@code rejected})
     */
    record Answered(int accepted, int duplicates, int rejected, List<String> rejectedIds) implements BatchOutcome {
    }

    /**
     * The whole request was refused (bad token, malformed batch): resending it would not help. The detail is the
     * platform's problem detail; it may quote the readings, so it is not for printing.
     */
    record Refused(int status, String detail) implements BatchOutcome {
    }

    /**
     * Not delivered (503, gateway timeout, connection refused): the batch should be sent again later.
     *
     * @param retryAfter what the answer's Retry-After header asked for, if anything
     */
    record Unavailable(String why, @Nullable Duration retryAfter) implements BatchOutcome {
    }
}
