package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** vitals-service's answer to {@code GET /internal/v1/readings}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ReadingViews(List<ReadingView> readings) {

    ReadingViews {
        readings = readings == null ? List.of() : List.copyOf(readings);
    }
}
