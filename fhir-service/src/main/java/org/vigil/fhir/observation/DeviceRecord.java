package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * vitals-service's {@code GET /internal/v1/device-records/{id}} (issue 5 contract): a device as FHIR sees it.
 *
 * @param identifiers {@code system|value}
 * @param patientId the current assignment, absent if none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DeviceRecord(String id, @Nullable String versionId, @Nullable Instant lastUpdated, @Nullable String manufacturer,
        @Nullable String serial, @Nullable String model, @Nullable Boolean active, @Nullable List<String> identifiers,
        @Nullable String patientId) {
}
