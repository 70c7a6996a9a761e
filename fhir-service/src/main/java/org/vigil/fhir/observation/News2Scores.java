package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** alert-service's answer to {@code GET /internal/v1/patients/{id}/news2/scores}, newest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
record News2Scores(List<News2Score> scores) {

    News2Scores {
        scores = scores == null ? List.of() : List.copyOf(scores);
    }
}
