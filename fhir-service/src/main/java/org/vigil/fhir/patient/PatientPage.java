package org.vigil.fhir.patient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** vitals-service's answer to {@code GET /internal/v1/patients?...}: one page and the number of all matches. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PatientPage(List<StoredPatient> patients, int total) {
}
