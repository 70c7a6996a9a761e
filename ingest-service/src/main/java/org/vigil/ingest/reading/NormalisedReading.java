package org.vigil.ingest.reading;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.VitalType;

/** A reading that passed every check, in its type's canonical unit and attributed to a patient. */
record NormalisedReading(
        String readingId,
        VitalType type,
        Instant time,
        String deviceId,
        String patientId,
        @Nullable Double value,
        @Nullable String unit,
        @Nullable Double systolic,
        @Nullable Double diastolic,
        @Nullable String consciousness,
        @Nullable Boolean supplementalOxygen,
        @Nullable Double oxygenFlow,
        @Nullable List<Double> values,
        @Nullable Double latitude,
        @Nullable Double longitude) implements Normalisation {

    ReadingRecorded toEvent(UUID eventId, Instant receivedAt, @Nullable String correlationId) {
        return new ReadingRecorded(eventId, deviceId, readingId, patientId, type.code(), time, receivedAt, value, unit,
                systolic, diastolic, consciousness, supplementalOxygen, oxygenFlow, correlationId,
                ReadingRecorded.SOURCE_DEVICE, values, latitude, longitude);
    }
}
