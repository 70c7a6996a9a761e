package org.vigil.simulator.signal;

import java.util.random.RandomGenerator;

/**
 * A patient's resting vital signs. Drawn from ranges that keep a stable patient clear of every alert threshold even
 * with the random walk on top (see {@link VitalSignGenerator}).
 */
public record Baseline(double heartRate, double respiratoryRate, double spo2, double temperature, double systolic,
        double diastolic) {

    /** A healthy-ish adult at rest. */
    public static Baseline draw(RandomGenerator random) {
        return new Baseline(
                random.nextDouble(60, 90),
                random.nextDouble(12, 18),
                random.nextDouble(95, 99),
                random.nextDouble(36.4, 37.3),
                random.nextDouble(110, 135),
                random.nextDouble(65, 82));
    }

    /**
     * Where the deteriorating patient ends up: tachycardic, tachypnoeic, febrile, hypoxic and hypotensive, each far
     * enough past its first-rule-set threshold that the random walk cannot bring it back.
     */
    static Baseline septic() {
        return new Baseline(140, 29, 86, 39.6, 80, 48);
    }
}
