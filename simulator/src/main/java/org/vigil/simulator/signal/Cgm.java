package org.vigil.simulator.signal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The glucose of the demo patient with type 1 diabetes, as a continuous glucose monitor reports it: one value every
 * {@link #EVERY} (Dexcom's cadence, which Nightscout's AR2 forecast and alert-service's trend rules assume), in
 * mg/dL, rounded to whole numbers as CGMs display them.
 *
 * <p>Times are counted from the CGM's first reading after start (its reading 0, {@link #FIRST_AFTER_START} after the
 * first cycle). Before its reading -6 (30 minutes earlier) the day is unremarkable: a slow 6-hour swing between about
 * 102 and 182 mg/dL, never faster than 0.7 mg/dL/min. From reading -6 on the profile below repeats every 3 hours: a
 * fall of 2.6 mg/dL/min over 15 minutes (alert-service's glucose-falling-fast is below -2), an AR2 forecast at
 * reading -1 (89 after 104) that reaches 68 within 30 minutes (glucose-predicted-low), 66 at reading 0 (glucose-low,
 * below 70), a nadir of 54, treatment, back above 80 twice by reading 6 (glucose-low resolves), then a meal.
 * The scripted hour around each low has no noise, so that it crosses the rules exactly as described; the rest has
 * ±2 mg/dL of sensor noise.
 */
final class Cgm {

    static final Duration EVERY = Duration.ofMinutes(5);
    /** Reading 0, the first one below 70 mg/dL, comes this long after the first cycle. */
    static final Duration FIRST_AFTER_START = Duration.ofSeconds(50);
    /** Readings the CGM holds when the simulator connects it: the last half hour, sent with the first cycle. */
    static final int REMEMBERED = 6;
    /** A low comes every this many readings (3 hours). */
    static final int CYCLE = 36;

    /** One 3-hour cycle, reading -6 to 29: the fall, the low, the recovery, a meal and its fall back to 142. */
    private static final double[] CYCLE_VALUES = {
        142, 136, 128, 117, 104, 89,        // -6..-1: falling, forecast low at -1
        66, 58, 54, 61, 79, 96,              // 0..5: low (66 < 70), nadir 54, treated, 79 and 96
        108, 115, 120, 124, 127, 130,        // 6..11: above 80 twice (glucose-low resolves), settling
        138, 151, 165, 176, 184, 188,        // 12..17: a meal
        187, 184, 179, 173, 167, 161,        // 18..23: coming down slowly
        156, 152, 149, 146, 144, 143,        // 24..29: back towards 142, where the next cycle starts
    };
    /** Reading indices from -6 to this one are the scripted hour around each low: no noise there. */
    private static final int SCRIPTED_UNTIL = 12;

    private final RandomGenerator random;

    Cgm(RandomGenerator random) {
        this.random = random;
    }

    /** The value of reading {@code index} (0 the first one after start, negative before), mg/dL. */
    double value(long index) {
        if (index < -REMEMBERED) {
            // Minutes before the cycles begin; the swing ends at 142 rising gently, where reading -6 starts.
            double minutes = (index + REMEMBERED) * (double) EVERY.toMinutes();
            return noisy(142 + 40 * Math.sin(2 * Math.PI * minutes / 360));
        }
        int position = (int) Math.floorMod(index + REMEMBERED, CYCLE);
        double value = CYCLE_VALUES[position];
        return position <= SCRIPTED_UNTIL + REMEMBERED ? value : noisy(value);
    }

    private double noisy(double value) {
        return Math.round(value + Math.clamp(random.nextGaussian(), -2, 2));
    }
}
