package org.vigil.fhir.observation;

import java.time.Instant;

/** Reading views of every type, as vitals-service answers them. */
final class Readings {

    static final String PATIENT = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11";
    static final String DEVICE = "c0ffee00-0000-4000-8000-000000000001";
    static final Instant TIME = Instant.parse("2026-11-21T10:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:01.250Z");

    private Readings() {
    }

    static ReadingView quantity(String id, String type, double value, String unit) {
        return new ReadingView(id, DEVICE, "r-" + id, PATIENT, type, TIME, RECEIVED, value, unit, null, null, null,
                null, null);
    }

    static ReadingView bloodPressure(String id, double systolic, double diastolic) {
        return new ReadingView(id, DEVICE, "r-" + id, PATIENT, "blood-pressure", TIME, RECEIVED, null, "mm[Hg]",
                systolic, diastolic, null, null, null);
    }

    static ReadingView consciousness(String id, String level) {
        return new ReadingView(id, DEVICE, "r-" + id, PATIENT, "consciousness", TIME, RECEIVED, null, null, null, null,
                level, null, null);
    }

    static ReadingView rrIntervals(String id, java.util.List<Double> values) {
        return new ReadingView(id, DEVICE, "r-" + id, PATIENT, "rr-intervals", TIME, RECEIVED, null, "ms", null, null,
                null, null, null, values, null, null);
    }

    static ReadingView fall(String id, Double latitude, Double longitude) {
        return new ReadingView(id, DEVICE, "r-" + id, PATIENT, "fall", TIME, RECEIVED, null, null, null, null, null,
                null, null, null, latitude, longitude);
    }

    static ReadingView oxygen(String id, boolean on, Double flow) {
        return new ReadingView(id, DEVICE, "r-" + id, PATIENT, "supplemental-oxygen", TIME, RECEIVED, null, "L/min",
                null, null, null, on, flow);
    }
}
