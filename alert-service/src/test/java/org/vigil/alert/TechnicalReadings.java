package org.vigil.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.ReadingRecorded;

/** Readings of the series and event types, and readings from a named device, as they arrive from Kafka. */
public final class TechnicalReadings {

    private TechnicalReadings() {
    }

    public static ReadingRecorded rrIntervals(String patientId, Instant windowStart, List<Double> intervals) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-wearable", "rr-" + UUID.randomUUID(), patientId,
                "rr-intervals", windowStart, windowStart.plusSeconds(60), null, "ms", null, null, null, null, null,
                null, ReadingRecorded.SOURCE_DEVICE, intervals, null, null);
    }

    public static ReadingRecorded fall(String patientId, Instant time, @Nullable Double latitude,
            @Nullable Double longitude) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-wearable", "fall-" + UUID.randomUUID(), patientId, "fall",
                time, time.plusSeconds(1), null, null, null, null, null, null, null, null,
                ReadingRecorded.SOURCE_DEVICE, null, latitude, longitude);
    }

    public static ReadingRecorded fromDevice(String deviceId, String patientId, String type, double value,
            String unit, Instant time, Instant receivedAt) {
        return new ReadingRecorded(UUID.randomUUID(), deviceId, "r-" + UUID.randomUUID(), patientId, type, time,
                receivedAt, value, unit, null, null, null, null, null, null, ReadingRecorded.SOURCE_DEVICE);
    }
}
