package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One reading as vitals-service answers it (docs/architecture.md, "Reading views"); fields that do not apply to the
 * type are absent.
 *
 * @param id the event id the reading was published with, and the Observation id
 * @param readingId the device's own id for the reading
 * @param type the wire name of a {@link org.vigil.common.vitals.VitalType}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ReadingView(String id, String deviceId, String readingId, String patientId, String type, Instant time,
        @Nullable Instant receivedAt, @Nullable Double value, @Nullable String unit, @Nullable Double systolic,
        @Nullable Double diastolic, @Nullable String consciousness, @Nullable Boolean supplementalOxygen,
        @Nullable Double oxygenFlow, @Nullable List<Double> values, @Nullable Double latitude,
        @Nullable Double longitude) {

    /** A reading of the first types, which have no series and no location. */
    ReadingView(String id, String deviceId, String readingId, String patientId, String type, Instant time,
            @Nullable Instant receivedAt, @Nullable Double value, @Nullable String unit, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String consciousness, @Nullable Boolean supplementalOxygen,
            @Nullable Double oxygenFlow) {
        this(id, deviceId, readingId, patientId, type, time, receivedAt, value, unit, systolic, diastolic,
                consciousness, supplementalOxygen, oxygenFlow, null, null, null);
    }
}
