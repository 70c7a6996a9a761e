package org.vigil.fhir.patient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** vitals-service's answer to {@code POST /internal/v1/patients}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PatientCreated(String id, String versionId, Instant lastUpdated) {
}
