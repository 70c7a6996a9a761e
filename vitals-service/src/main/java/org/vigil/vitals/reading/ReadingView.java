package org.vigil.vitals.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A stored reading, in the one shape both the public vitals API and the internal API answer; fields that do not apply
 * to the type are left out. {@code id} is the event id, which is also the FHIR Observation id. {@code status} absent
 * means final; {@code resource} is the FHIR Observation an integrator posted (a JSON object, source {@code fhir}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReadingView(
        String id,
        String deviceId,
        String readingId,
        String patientId,
        String type,
        Instant time,
        Instant receivedAt,
        @Nullable Double value,
        @Nullable String unit,
        @Nullable Double systolic,
        @Nullable Double diastolic,
        @Nullable String consciousness,
        @Nullable Boolean supplementalOxygen,
        @Nullable Double oxygenFlow,
        @Nullable List<Double> values,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable String source,
        @Nullable String status,
        @Nullable String dataAbsentReason,
        @JsonRawValue @Nullable String resource) {
}
