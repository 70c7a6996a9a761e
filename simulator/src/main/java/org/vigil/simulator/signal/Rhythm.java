package org.vigil.simulator.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.vigil.common.vitals.VitalType;

/**
 * A heart beating one beat after another, as a wearable records its RR intervals: sinus rhythm, or atrial
 * fibrillation while {@code inAf} says so.
 *
 * <p>Sinus rhythm: beats at the heart rate, the interval swinging by {@link #SINUS_ARRHYTHMIA} with each breath
 * (respiratory sinus arrhythmia) plus {@link #BEAT_JITTER} of noise, no ectopic beats; it must never look like AF.
 *
 * <p>Atrial fibrillation is "irregularly irregular": successive intervals are independent of each other and widely
 * spread (Dash S et al., "Automatic real time detection of atrial fibrillation", Ann Biomed Eng 2009;37(9):1701-9,
 * the method alert-service's possible-af rule uses; their AF recordings are random in order, with a large RMSSD and a
 * flat histogram). Here each interval is drawn independently around the heart rate's mean interval with a
 * coefficient of variation of {@link #AF_VARIATION}. The draws come in blocks of {@link #AF_BLOCK} beats, the length
 * of the rule's segments, and a block whose turning-point ratio (the statistic of the three that a random series
 * misses most often, about 3 times in 1000 for 128 beats) lies outside {@link #TPR_LOW}..{@link #TPR_HIGH}, well inside
 * the paper's 0.54..0.77, is drawn again: an episode that starts a patient's series is then AF in every segment the
 * rule takes, not just almost always, so the demo's alert comes with the first segment.
 */
final class Rhythm {

    /** Respiratory sinus arrhythmia: the interval lengthens and shortens with each breath by this fraction. */
    static final double SINUS_ARRHYTHMIA = 0.03;
    /** Beat-to-beat jitter on top, as a fraction of the mean interval. */
    static final double BEAT_JITTER = 0.012;
    /** Spread of AF intervals: standard deviation over mean, typical of AF with a controlled rate. */
    static final double AF_VARIATION = 0.18;
    static final int AF_BLOCK = 128;
    static final double TPR_LOW = 0.60;
    static final double TPR_HIGH = 0.73;

    private final RandomGenerator random;
    private final Deque<Double> afBlock = new ArrayDeque<>();
    private double breathPhase;

    Rhythm(RandomGenerator random) {
        this.random = random;
    }

    /**
     * The beats from {@code from} up to {@code to} that fit inside that window, in ms. The next window starts where
     * this one ended, so a series is continuous but for less than one beat at each join.
     *
     * @param sinusRate the heart rate in sinus rhythm, /min
     * @param afRate the mean ventricular rate in atrial fibrillation, /min
     * @param inAf whether the heart is in AF at a beat's time
     */
    List<Double> intervals(Instant from, Instant to, double sinusRate, double afRate, double respiratoryRate,
            Predicate<Instant> inAf) {
        double meanMs = 60_000 / sinusRate;
        double afMeanMs = 60_000 / afRate;
        double breathMs = 60_000 / respiratoryRate;
        long span = Duration.between(from, to).toMillis();
        List<Double> intervals = new ArrayList<>();
        double elapsed = 0;
        while (intervals.size() < VitalType.MAX_SERIES_VALUES) {
            boolean af = inAf.test(from.plusMillis(Math.round(elapsed)));
            if (!af) {
                afBlock.clear();
            } else if (afBlock.isEmpty()) {
                afBlock.addAll(afBlock(afMeanMs));
            }
            double interval = af ? afBlock.getFirst() : sinusBeat(meanMs);
            if (elapsed + interval > span) {
                break;
            }
            if (af) {
                afBlock.removeFirst();
            } else {
                breathPhase = (breathPhase + 2 * Math.PI * interval / breathMs) % (2 * Math.PI);
            }
            intervals.add(interval);
            elapsed += interval;
        }
        return intervals;
    }

    private double sinusBeat(double meanMs) {
        double interval = meanMs * (1 + SINUS_ARRHYTHMIA * Math.sin(breathPhase) + BEAT_JITTER * random.nextGaussian());
        return Math.round(Math.clamp(interval, 300, 2000));
    }

    private List<Double> afBlock(double meanMs) {
        while (true) {
            List<Double> block = new ArrayList<>(AF_BLOCK);
            for (int i = 0; i < AF_BLOCK; i++) {
                double interval = meanMs * (1 + AF_VARIATION * random.nextGaussian());
                block.add((double) Math.round(Math.clamp(interval, 0.55 * meanMs, 2.3 * meanMs)));
            }
            double tpr = turningPointRatio(block);
            if (tpr >= TPR_LOW && tpr <= TPR_HIGH) {
                return block;
            }
        }
    }

    /** Intervals strictly above or below both neighbours, over the block's length (Dash et al.). */
    static double turningPointRatio(List<Double> series) {
        int turningPoints = 0;
        for (int i = 1; i < series.size() - 1; i++) {
            double x = series.get(i);
            double before = series.get(i - 1);
            double after = series.get(i + 1);
            if ((x > before && x > after) || (x < before && x < after)) {
                turningPoints++;
            }
        }
        return (double) turningPoints / series.size();
    }
}
