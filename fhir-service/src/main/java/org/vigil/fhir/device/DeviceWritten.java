package org.vigil.fhir.device;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** vitals-service's answer to a device record POST or PUT; {@code created} false for a conditional create's match. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DeviceWritten(String id, String versionId, Instant lastUpdated, @Nullable Boolean created) {

    boolean isNew() {
        return created == null || created;
    }
}
