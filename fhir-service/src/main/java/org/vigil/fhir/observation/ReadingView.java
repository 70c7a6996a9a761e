package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One reading as vitals-service answers it (docs/architecture.md, "Reading views"; issue 5 contract); fields that do
 * not apply to the type are absent.
 *
 * @param id the event id the reading was published with, and the Observation id
 * @param readingId the device's own id for the reading
 * @param type the wire name of a {@link org.vigil.common.vitals.VitalType}
 * @param source where it came from ({@code fhir} for a posted Observation), absent for older readings
 * @param status the FHIR Observation status code; absent means {@code final}
 * @param dataAbsentReason a data-absent-reason code, when the reading has no value
 * @param resource the posted FHIR Observation (source {@code fhir} only), served as it was stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ReadingView(String id, String deviceId, String readingId, String patientId, String type, Instant time,
        @Nullable Instant receivedAt, @Nullable Double value, @Nullable String unit, @Nullable Double systolic,
        @Nullable Double diastolic, @Nullable String consciousness, @Nullable Boolean supplementalOxygen,
        @Nullable Double oxygenFlow, @Nullable List<Double> values, @Nullable Double latitude,
        @Nullable Double longitude, @Nullable String source, @Nullable String status,
        @Nullable String dataAbsentReason, @Nullable JsonNode resource) {

    /** A reading of the first types, which have no series and no location. */
    ReadingView(String id, String deviceId, String readingId, String patientId, String type, Instant time,
            @Nullable Instant receivedAt, @Nullable Double value, @Nullable String unit, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String consciousness, @Nullable Boolean supplementalOxygen,
            @Nullable Double oxygenFlow) {
        this(id, deviceId, readingId, patientId, type, time, receivedAt, value, unit, systolic, diastolic,
                consciousness, supplementalOxygen, oxygenFlow, null, null, null);
    }

    /** A device reading (final, with its value). */
    ReadingView(String id, String deviceId, String readingId, String patientId, String type, Instant time,
            @Nullable Instant receivedAt, @Nullable Double value, @Nullable String unit, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String consciousness, @Nullable Boolean supplementalOxygen,
            @Nullable Double oxygenFlow, @Nullable List<Double> values, @Nullable Double latitude,
            @Nullable Double longitude) {
        this(id, deviceId, readingId, patientId, type, time, receivedAt, value, unit, systolic, diastolic,
                consciousness, supplementalOxygen, oxygenFlow, values, latitude, longitude, null, null, null, null);
    }

    /** The same reading with another status and data-absent reason (tests, and nothing else). */
    ReadingView withStatus(@Nullable String newStatus, @Nullable String reason) {
        return new ReadingView(id, deviceId, readingId, patientId, type, time, receivedAt, value, unit, systolic,
                diastolic, consciousness, supplementalOxygen, oxygenFlow, values, latitude, longitude, source,
                newStatus, reason, resource);
    }

    /** Its place in the (time, id) order of a search. */
    PageCursor key() {
        return new PageCursor(time, id);
    }
}
