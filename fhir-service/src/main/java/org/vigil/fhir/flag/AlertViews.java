package org.vigil.fhir.flag;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** alert-service's answer to {@code GET /internal/v1/alerts}, newest raised first. */
@JsonIgnoreProperties(ignoreUnknown = true)
record AlertViews(List<AlertView> alerts) {

    AlertViews {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }
}
