package org.vigil.fhir.write;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.VitalType;

/**
 * What a posted Observation says, in Vigil's terms and canonical units, before it is attributed to a device and given an
 * event id. Which value fields are set follows {@link ReadingRecorded}; a value is null when the Observation gives a
 * {@code dataAbsentReason} for it instead.
 *
 * @param status the Observation's status code, as posted
 */
record PostedReading(VitalType type, Instant time, @Nullable Double value, @Nullable String unit,
        @Nullable Double systolic, @Nullable Double diastolic, @Nullable String consciousness,
        @Nullable Boolean supplementalOxygen, @Nullable Double oxygenFlow, String status,
        @Nullable String dataAbsentReason) {

    ReadingRecorded toEvent(UUID eventId, String deviceId, String readingId, String patientId, Instant receivedAt,
            @Nullable String correlationId, String resource) {
        return new ReadingRecorded(eventId, deviceId, readingId, patientId, type.code(), time, receivedAt, value, unit,
                systolic, diastolic, consciousness, supplementalOxygen, oxygenFlow, correlationId,
                ReadingRecorded.SOURCE_FHIR, null, null, null, status, dataAbsentReason, resource);
    }
}
