package org.vigil.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An Observation that is not a reading was stored: a vital signs panel (LOINC 85353-1) posted through FHIR, which
 * groups member Observations and has no value of its own. Published by vitals-service (through its outbox, once the
 * document is committed) on {@link Topics#OBSERVATION_DOCUMENT_RECORDED}, keyed by patient id, so that fhir-service
 * notifies Subscriptions of it. Nothing scores or alerts on it; its members are readings and are scored as such.
 *
 * @param documentId the Observation's id; consumers use it to drop redeliveries
 * @param deviceId the Vigil device, or {@code fhir:<client_id>} of the integrator that posted it
 * @param readingId the poster's identifier for it, unique per {@code deviceId}
 * @param code its LOINC code, e.g. {@code 85353-1}
 * @param time its clinical time (effective)
 * @param status the FHIR Observation status code
 * @param resource the FHIR Observation as stored (JSON)
 */
public record ObservationDocumentRecorded(
        UUID documentId,
        String patientId,
        String deviceId,
        String readingId,
        String code,
        Instant time,
        Instant receivedAt,
        String status,
        String resource,
        @Nullable String correlationId) {

    public ObservationDocumentRecorded {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(readingId, "readingId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(resource, "resource");
    }
}
