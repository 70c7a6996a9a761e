package org.vigil.alert.news2;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored NEWS2 score as the internal API answers it: the public shape plus {@code id} and {@code patientId}.
 * {@code subScores} has all seven keys, null for a parameter not scored; {@code total} and {@code risk} are null for an
 * incomplete score. {@code computedAt} is the time of the reading that triggered it: the score is as of then.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record News2Score(UUID id, String patientId, @Nullable Integer total, @Nullable String risk, int scale,
        boolean complete, List<String> missing, Map<String, @Nullable Integer> subScores, Instant computedAt,
        List<UUID> basedOn) {

    /** The public shape of {@code GET /api/v1/patients/{id}/news2}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record View(@Nullable Integer total, @Nullable String risk, int scale, boolean complete, List<String> missing,
            Map<String, @Nullable Integer> subScores, Instant computedAt, List<UUID> basedOn) {
    }

    View view() {
        return new View(total, risk, scale, complete, missing, subScores, computedAt, basedOn);
    }
}
