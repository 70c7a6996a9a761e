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
     * Narrower than {@link #draw}, for the patients who show one particular alert: their other vital signs stay so
     * central that NEWS2 stays low (0-4, no single 3) even with the random walk and, for atrial fibrillation, a heart
     * rate of 100, so that each of them raises only the alerts of their scenario.
     */
    public static Baseline calm(RandomGenerator random) {
        return new Baseline(
                random.nextDouble(66, 80),
                random.nextDouble(13, 16),
                random.nextDouble(96.5, 98.5),
                random.nextDouble(36.6, 37.1),
                random.nextDouble(118, 132),
                random.nextDouble(70, 80));
    }

    /**
     * Where the deteriorating patient stands when the simulator starts, after 4 hours of drifting from their baseline:
     * a little faster, warmer and lower in pressure, still short of every threshold, as sepsis often begins.
     */
    Baseline earlySepsis() {
        return new Baseline(heartRate + 10, respiratoryRate + 3, spo2 - 1, temperature + 0.5, systolic - 10,
                diastolic - 6);
    }

    /**
     * Where the deteriorating patient ends up: tachycardic, tachypnoeic, febrile, hypoxic and hypotensive, each far
     * enough past its first-rule-set threshold that the random walk cannot bring it back.
     */
    static Baseline septic() {
        return new Baseline(140, 29, 86, 39.6, 80, 48);
    }
}
