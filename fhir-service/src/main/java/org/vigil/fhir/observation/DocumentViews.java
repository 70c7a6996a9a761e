package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** vitals-service's answer to {@code GET /internal/v1/observation-documents}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DocumentViews(List<DocumentView> documents) {

    DocumentViews {
        documents = documents == null ? List.of() : List.copyOf(documents);
    }
}
