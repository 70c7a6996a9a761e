package org.vigil.fhir.patient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** vitals-service's answer to {@code GET /internal/v1/patients/{id}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record StoredPatient(String id, String versionId, Instant lastUpdated, @Nullable JsonNode resource) {
}
