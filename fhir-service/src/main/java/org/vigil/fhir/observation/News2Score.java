package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One stored NEWS2 score as alert-service's internal API answers it ({@code GET /internal/v1/news2/scores/{id}}):
 * the public shape of {@code GET /api/v1/patients/{id}/news2} plus {@code id} and {@code patientId}.
 *
 * @param total the total, null while the score is incomplete (a missing parameter is never scored as normal)
 * @param risk {@code low}, {@code low-medium}, {@code medium} or {@code high}; null while incomplete
 * @param scale the SpO2 scale used, 1 or 2
 * @param missing the parameters (sub-score names) with no value within the freshness window
 * @param subScores by parameter name ({@code respirationRate}, {@code spo2}, ...); a missing parameter is absent or
 *     null
 * @param basedOn the event ids of the readings scored, which are their Observation ids
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record News2Score(String id, String patientId, @Nullable Integer total, @Nullable String risk, @Nullable Integer scale, boolean complete,
        @Nullable List<String> missing, @Nullable Map<String, @Nullable Integer> subScores, Instant computedAt,
        @Nullable List<String> basedOn) {
}
