package org.vigil.fhir.patient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * vitals-service's answer to {@code POST /internal/v1/patients} and {@code PUT /internal/v1/patients/{id}}.
 *
 * @param created false when a conditional create found the patient already there (absent on updates)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PatientCreated(String id, String versionId, Instant lastUpdated, @Nullable Boolean created) {

    boolean isNew() {
        return created == null || created;
    }
}
