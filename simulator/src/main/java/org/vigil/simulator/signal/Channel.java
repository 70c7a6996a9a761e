package org.vigil.simulator.signal;

import java.util.random.RandomGenerator;

/**
 * One vital sign's noise: a mean-reverting random walk around a target, never further from it than
 * {@code maxDeviation}, rounded to what a monitor displays.
 */
final class Channel {

    /** How much of the previous deviation survives a step; below 1 so that the walk returns to the target. */
    private static final double PERSISTENCE = 0.8;

    private final double stepDeviation;
    private final double maxDeviation;
    private final double scale;
    private double deviation;

    Channel(double stepDeviation, double maxDeviation, int decimals) {
        this.stepDeviation = stepDeviation;
        this.maxDeviation = maxDeviation;
        this.scale = Math.pow(10, decimals);
    }

    double next(double target, RandomGenerator random) {
        deviation = PERSISTENCE * deviation + random.nextGaussian() * stepDeviation;
        deviation = Math.clamp(deviation, -maxDeviation, maxDeviation);
        return Math.round((target + deviation) * scale) / scale;
    }

    double maxDeviation() {
        return maxDeviation;
    }
}
