package org.vigil.vitals.document;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A stored Observation document as the internal API answers it. {@code id} is also the FHIR Observation id;
 * {@code readingId} is the poster's own id for it (its first identifier, or a random UUID), unique per
 * {@code deviceId}; {@code resource} is the Observation as posted (a JSON object), which fhir-service serves with
 * Vigil's id and meta stamped in.
 */
record DocumentView(
        String id,
        String patientId,
        String deviceId,
        String readingId,
        String code,
        Instant time,
        Instant receivedAt,
        String status,
        @JsonRawValue String resource) {
}
