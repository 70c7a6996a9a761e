package org.vigil.fhir.device;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * vitals-service's FHIR view of a device ({@code GET /internal/v1/device-records/{id}}).
 *
 * @param identifiers each as {@code system|value}
 * @param patientId the patient of the current assignment, absent if none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DeviceRecord(String id, String versionId, Instant lastUpdated, @Nullable String manufacturer,
        @Nullable String serial, @Nullable String model, @Nullable Boolean active, @Nullable List<String> identifiers,
        @Nullable String patientId, @Nullable List<Assignment> assignments) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Assignment(String patientId, Instant from, @Nullable Instant to) {
    }
}
