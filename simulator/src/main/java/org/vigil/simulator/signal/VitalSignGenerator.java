package org.vigil.simulator.signal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.vigil.common.vitals.Acvpu;
import org.vigil.common.vitals.VitalType;

/**
 * The readings of one patient's monitor. Every call to {@link #next} is one measurement cycle: heart rate,
 * respiratory rate, SpO2 and temperature each time; blood pressure when the cuff is due (every 30 s, every 10 s for a
 * deteriorating patient, as a ward would set it); consciousness and supplemental oxygen once a minute; for a stable
 * patient, as a wearable would send them, the RR intervals of the past minute (see {@link #sinusRhythm}).
 *
 * <p>A deteriorating patient slides linearly from their baseline to {@link Baseline#septic()} over
 * {@link #DETERIORATION_RAMP} from the first cycle, then stays there: with readings every 5 s every first-rule-set
 * threshold (HR &gt; 130, SpO2 &lt; 90, systolic &lt; 90, temperature &ge; 39.1, RR &ge; 25) is crossed by 40 s.
 *
 * <p>Time comes from the caller, so tests can run an hour of readings in milliseconds. Not thread-safe: one
 * generator per device.
 */
public final class VitalSignGenerator {

    public static final Duration DETERIORATION_RAMP = Duration.ofSeconds(40);
    static final Duration BLOOD_PRESSURE_EVERY = Duration.ofSeconds(30);
    static final Duration BLOOD_PRESSURE_EVERY_WHEN_DETERIORATING = Duration.ofSeconds(10);
    static final Duration OBSERVATIONS_EVERY = Duration.ofMinutes(1);
    static final Duration RR_WINDOW = Duration.ofMinutes(1);
    /** Respiratory sinus arrhythmia: the interval lengthens and shortens with each breath by this fraction. */
    static final double SINUS_ARRHYTHMIA = 0.03;
    /** Beat-to-beat jitter on top, as a fraction of the mean interval. */
    static final double BEAT_JITTER = 0.012;

    private final RandomGenerator random;
    private final Baseline baseline;
    private final boolean deteriorating;
    private final Channel heartRate = new Channel(1.5, 6, 0);
    private final Channel respiratoryRate = new Channel(0.6, 2, 0);
    private final Channel spo2 = new Channel(0.5, 2, 0);
    private final Channel temperature = new Channel(0.05, 0.3, 1);
    private final Channel systolic = new Channel(2, 8, 0);
    private final Channel diastolic = new Channel(1.5, 6, 0);
    private long sequence;
    private @Nullable Instant start;
    private @Nullable Instant lastBloodPressure;
    private @Nullable Instant lastObservations;
    private @Nullable Instant rrWindowStart;
    /** Its own stream, so that adding the series left the other vital signs of a given seed as they were. */
    private final RandomGenerator beats;
    private double breathPhase;

    public VitalSignGenerator(Baseline baseline, boolean deteriorating, RandomGenerator random) {
        this.baseline = baseline;
        this.deteriorating = deteriorating;
        this.random = random;
        this.beats = new SplittableRandom(baseline.hashCode());
    }

    public boolean deteriorating() {
        return deteriorating;
    }

    /** One measurement cycle at {@code now}; the first call starts the patient's clock. */
    public List<Reading> next(Instant now) {
        Instant time = now.truncatedTo(ChronoUnit.MILLIS);
        if (start == null) {
            start = time;
        }
        Baseline target = target(Duration.between(start, time));
        List<Reading> readings = new ArrayList<>(7);
        readings.add(quantity(VitalType.HEART_RATE, heartRate.next(target.heartRate(), random), time));
        readings.add(quantity(VitalType.RESPIRATORY_RATE,
                respiratoryRate.next(target.respiratoryRate(), random), time));
        readings.add(quantity(VitalType.SPO2, Math.min(100, spo2.next(target.spo2(), random)), time));
        readings.add(quantity(VitalType.BODY_TEMPERATURE, temperature.next(target.temperature(), random), time));
        if (due(lastBloodPressure, deteriorating ? BLOOD_PRESSURE_EVERY_WHEN_DETERIORATING : BLOOD_PRESSURE_EVERY,
                time)) {
            lastBloodPressure = time;
            double sys = systolic.next(target.systolic(), random);
            double dia = Math.min(diastolic.next(target.diastolic(), random), sys - 20);
            readings.add(new Reading.BloodPressure(nextId(VitalType.BLOOD_PRESSURE), sys, dia, time));
        }
        if (due(lastObservations, OBSERVATIONS_EVERY, time)) {
            lastObservations = time;
            readings.add(new Reading.Consciousness(nextId(VitalType.CONSCIOUSNESS), Acvpu.A, time));
            readings.add(new Reading.SupplementalOxygen(nextId(VitalType.SUPPLEMENTAL_OXYGEN), false, time));
        }
        if (!deteriorating) {
            if (rrWindowStart == null) {
                rrWindowStart = time;
            } else if (due(rrWindowStart, RR_WINDOW, time)) {
                Reading.RrIntervals series = sinusRhythm(rrWindowStart, time, target);
                readings.add(series);
                rrWindowStart = time;
            }
        }
        return readings;
    }

    /**
     * Sinus rhythm from {@code from} up to {@code to}: beats at the patient's heart rate, the interval swinging by
     * {@link #SINUS_ARRHYTHMIA} with each breath (respiratory sinus arrhythmia), plus {@link #BEAT_JITTER} of noise;
     * no ectopic beats. The window starts where the last one ended, so it never reaches back before the device's
     * assignment, and the beats fit inside it.
     */
    private Reading.RrIntervals sinusRhythm(Instant from, Instant to, Baseline target) {
        double meanMs = 60_000 / target.heartRate();
        double breathMs = 60_000 / target.respiratoryRate();
        long span = Duration.between(from, to).toMillis();
        List<Double> intervals = new ArrayList<>();
        double elapsed = 0;
        while (intervals.size() < VitalType.MAX_SERIES_VALUES) {
            double interval = meanMs * (1 + SINUS_ARRHYTHMIA * Math.sin(breathPhase)
                    + BEAT_JITTER * beats.nextGaussian());
            interval = Math.round(Math.clamp(interval, 300, 2000));
            if (elapsed + interval > span) {
                break;
            }
            intervals.add(interval);
            elapsed += interval;
            breathPhase = (breathPhase + 2 * Math.PI * interval / breathMs) % (2 * Math.PI);
        }
        return new Reading.RrIntervals(nextId(VitalType.RR_INTERVALS), intervals, from);
    }

    private Baseline target(Duration elapsed) {
        if (!deteriorating) {
            return baseline;
        }
        double f = Math.min(1.0, (double) elapsed.toMillis() / DETERIORATION_RAMP.toMillis());
        Baseline septic = Baseline.septic();
        return new Baseline(
                lerp(baseline.heartRate(), septic.heartRate(), f),
                lerp(baseline.respiratoryRate(), septic.respiratoryRate(), f),
                lerp(baseline.spo2(), septic.spo2(), f),
                lerp(baseline.temperature(), septic.temperature(), f),
                lerp(baseline.systolic(), septic.systolic(), f),
                lerp(baseline.diastolic(), septic.diastolic(), f));
    }

    private Reading.Quantity quantity(VitalType type, double value, Instant time) {
        return new Reading.Quantity(nextId(type), type, value, time);
    }

    /** Short type prefix plus a per-device sequence, e.g. {@code hr-000123}: unique per device, readable in a log. */
    private String nextId(VitalType type) {
        String prefix = switch (type) {
            case HEART_RATE -> "hr";
            case RESPIRATORY_RATE -> "rr";
            case SPO2 -> "spo2";
            case BODY_TEMPERATURE -> "temp";
            case BLOOD_PRESSURE -> "bp";
            case CONSCIOUSNESS -> "acvpu";
            case SUPPLEMENTAL_OXYGEN -> "o2";
            case RR_INTERVALS -> "rri";
            default -> type.code();
        };
        return String.format(Locale.ROOT, "%s-%06d", prefix, ++sequence);
    }

    private static boolean due(@Nullable Instant last, Duration every, Instant now) {
        // A little slack, so a 5 s ticker that wakes a few ms early still takes the 30 s cuff reading.
        return last == null || !now.isBefore(last.plus(every).minusMillis(250));
    }

    private static double lerp(double from, double to, double fraction) {
        return from + (to - from) * fraction;
    }
}
