package org.vigil.alert.rule;

import java.time.Instant;
import java.util.UUID;
import org.vigil.common.events.ReadingRecorded;

/** Readings for rule tests, in canonical units as they arrive from Kafka. */
final class Readings {

    static final Instant TIME = Instant.parse("2026-11-21T10:00:00Z");

    private Readings() {
    }

    static ReadingRecorded quantity(String type, double value, String unit) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-1", "r-1", "pat-1", type, TIME, TIME.plusSeconds(1), value,
                unit, null, null, null, null, null, null, ReadingRecorded.SOURCE_DEVICE);
    }

    static ReadingRecorded bloodPressure(double systolic, double diastolic) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-1", "r-1", "pat-1", "blood-pressure", TIME,
                TIME.plusSeconds(1), null, "mm[Hg]", systolic, diastolic, null, null, null, null,
                ReadingRecorded.SOURCE_DEVICE);
    }
}
