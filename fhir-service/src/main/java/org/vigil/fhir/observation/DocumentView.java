package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One stored Observation document as vitals-service answers it ({@code GET /internal/v1/observation-documents}): an
 * Observation that is not a reading, such as a vital signs panel (LOINC 85353-1, FHIR R4 vital signs profile,
 * http://hl7.org/fhir/R4/observation-vitalsigns.html, "vitalspanel"), which has members and no value of its own.
 *
 * @param id the Observation id
 * @param deviceId the Vigil device, or {@code fhir:<client_id>} of the integrator that posted it
 * @param readingId the poster's own id for it, unique per {@code deviceId}
 * @param code the Observation's code (LOINC), by which it is searched
 * @param time its clinical time (effective), by which it sorts among readings and NEWS2 scores
 * @param status the FHIR Observation status code
 * @param resource the Observation as posted, served as it was stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DocumentView(String id, String patientId, String deviceId, String readingId, String code, Instant time,
        Instant receivedAt, @Nullable String status, @Nullable JsonNode resource) {

    /** Its place in the (time, id) order of a search, shared with readings and NEWS2 scores. */
    PageCursor key() {
        return new PageCursor(time, id);
    }
}
