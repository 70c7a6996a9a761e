package org.vigil.simulator.signal;

import java.time.Instant;
import java.util.List;
import org.vigil.common.vitals.Acvpu;
import org.vigil.common.vitals.VitalType;

/** One reading as a device takes it; {@code id} is the device's own id for it, unique per device. */
public sealed interface Reading {

    String id();

    VitalType type();

    Instant time();

    /** A single number in the type's canonical unit (heart rate, respiratory rate, SpO2, temperature, glucose). */
    record Quantity(String id, VitalType type, double value, Instant time) implements Reading {
    }

    /** Systolic and diastolic pressure in mm[Hg]. */
    record BloodPressure(String id, double systolic, double diastolic, Instant time) implements Reading {

        @Override
        public VitalType type() {
            return VitalType.BLOOD_PRESSURE;
        }
    }

    /** Level of consciousness on the ACVPU scale. */
    record Consciousness(String id, Acvpu level, Instant time) implements Reading {

        @Override
        public VitalType type() {
            return VitalType.CONSCIOUSNESS;
        }
    }

    /**
     * Beat-to-beat intervals in ms over a window that starts at {@code time} (the first beat) and spans the sum of the
     * intervals.
     */
    record RrIntervals(String id, List<Double> intervals, Instant time) implements Reading {

        public RrIntervals {
            intervals = List.copyOf(intervals);
        }

        @Override
        public VitalType type() {
            return VitalType.RR_INTERVALS;
        }
    }

    /**
     * A fall, as a wearable's fall detector reports it, with where it happened (WGS 84 degrees); no value.
     */
    record Fall(String id, Instant time, double latitude, double longitude) implements Reading {

        @Override
        public VitalType type() {
            return VitalType.FALL;
        }
    }

    /** Whether the patient is breathing supplemental oxygen (the demo patients are all on room air). */
    record SupplementalOxygen(String id, boolean onOxygen, Instant time) implements Reading {

        @Override
        public VitalType type() {
            return VitalType.SUPPLEMENTAL_OXYGEN;
        }
    }
}
