package org.vigil.ingest.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The 202 answer: how many readings were accepted (Kafka has them), how many were duplicates of readings already
 * accepted (earlier, or earlier in the same request), and which were refused and why.
 */
record IngestResponse(int accepted, int duplicates, List<Rejected> rejected) {

    /**
     * @param index position of the reading in the request's {@code readings} array
     * @param id the reading's id, when it had a usable one
     * @param reason a short code ({@code unknown-type}, {@code bad-unit}, {@code implausible} ...)
     * @param error what is wrong, for a person
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejected(int index, @Nullable String id, String reason, String error) {
    }
}
