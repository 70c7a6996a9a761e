package org.vigil.alert.rhythm;

import java.util.List;

/**
 * Opens alert-service's {@link DashIrregularity} (package-private there) to the simulator's tests, so that the demo's
 * RR intervals are judged by the very code of the possible-af rule rather than by a copy of it.
 */
public final class DashForSimulator {

    public static final int SEGMENT = DashIrregularity.SEGMENT;

    private DashForSimulator() {
    }

    /** Whether alert-service calls these {@value #SEGMENT} intervals atrial fibrillation. */
    public static boolean isAtrialFibrillation(List<Double> segment) {
        return DashIrregularity.assess(segment).atrialFibrillation();
    }

    /** The three statistics, for a failure message. */
    public static String describe(List<Double> segment) {
        return DashIrregularity.assess(segment).toString();
    }
}
