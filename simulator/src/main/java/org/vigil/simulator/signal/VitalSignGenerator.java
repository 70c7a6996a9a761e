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
 * The readings of one patient's devices, following the patient's {@link Scenario}. Every call to {@link #next} is one
 * measurement cycle: heart rate, respiratory rate, SpO2 and temperature each time; blood pressure when the cuff is due
 * (every 30 s, every 10 s for a deteriorating patient, as a ward would set it); consciousness and supplemental oxygen
 * once a minute; for everyone but the sepsis patient, as a wearable would send them, the RR intervals of the past
 * minute (see {@link Rhythm}); and what the scenario adds (glucose, a fall, a probe that is off).
 *
 * <p>The first cycle also carries what the patient's devices recorded just before they were connected: the wearable's
 * last {@link #RR_BEFORE_START} of RR intervals and the CGM's last half hour ({@link Cgm#REMEMBERED} readings). That
 * is what lets the AF and glucose trend rules, which need 128 beats or readings 5 and 15 minutes apart, fire within
 * a minute of start.
 *
 * <p>{@link #history} gives the hours before start at a chart's resolution, for the dashboard; it is sent after the
 * first cycle, so alert-service takes it as a backlog (older than the newest reading of each type) and raises nothing
 * from it. It never holds a fall, RR intervals, a zero or a value past a threshold.
 *
 * <p>A deteriorating patient drifts over the 4 hours before start from their baseline to {@link Baseline#earlySepsis},
 * then slides linearly to {@link Baseline#septic()} over {@link #DETERIORATION_RAMP} from the first cycle and stays
 * there: with readings every 5 s every first-rule-set threshold (HR &gt; 130, SpO2 &lt; 90, systolic &lt; 90,
 * temperature &ge; 39.1, RR &ge; 25) is crossed by 40 s.
 *
 * <p>Time comes from the caller, so tests can run hours of readings in milliseconds. Not thread-safe: one generator
 * per device.
 */
public final class VitalSignGenerator {

    public static final Duration DETERIORATION_RAMP = Duration.ofSeconds(40);
    static final Duration EARLY_SEPSIS_DRIFT = Duration.ofHours(4);
    static final Duration BLOOD_PRESSURE_EVERY = Duration.ofSeconds(30);
    static final Duration BLOOD_PRESSURE_EVERY_WHEN_DETERIORATING = Duration.ofSeconds(10);
    static final Duration OBSERVATIONS_EVERY = Duration.ofMinutes(1);
    static final Duration RR_WINDOW = Duration.ofMinutes(1);
    static final Duration RR_BEFORE_START = Duration.ofMinutes(2);
    /** Heart rate in atrial fibrillation: controlled (NEWS2 scores it 1), far from the 130 /min threshold. */
    static final double AF_HEART_RATE = 100;
    static final Duration AF_EPISODE = Duration.ofMinutes(8);
    static final Duration AF_EVERY = Duration.ofMinutes(20);
    public static final Duration FALL_AT = Duration.ofSeconds(25);
    static final Duration FALL_EVERY = Duration.ofHours(2);
    /** Where the fall detector places the falls: a ward of a fictional hospital in London. */
    static final double FALL_LATITUDE = 51.523_774;
    static final double FALL_LONGITUDE = -0.134_912;
    public static final Duration SENSOR_OFF_AT = Duration.ofSeconds(10);
    static final Duration SENSOR_OFF_FOR = Duration.ofSeconds(90);
    static final Duration SENSOR_OFF_EVERY = Duration.ofMinutes(20);
    /** Chart resolution of the history: one value of each continuous vital sign every 5 minutes. */
    static final Duration HISTORY_EVERY = Duration.ofMinutes(5);
    /** Cuff and nurse's observations (consciousness, oxygen) in the history: every 30 minutes, as NEWS2 needs. */
    static final Duration HISTORY_OBSERVATIONS_EVERY = Duration.ofMinutes(30);

    private final RandomGenerator random;
    private final Baseline baseline;
    private final Scenario scenario;
    private final Walk live = new Walk();
    /** Their own streams, so that the rhythm and glucose leave the other vital signs of a given seed as they were. */
    private final Rhythm rhythm;
    private final Cgm cgm;
    private final RandomGenerator historyRandom;
    private long sequence;
    private long historySequence;
    private @Nullable Instant start;
    private @Nullable Instant lastBloodPressure;
    private @Nullable Instant lastObservations;
    private @Nullable Instant rrWindowStart;
    private long nextGlucose;
    private long nextFall;

    public VitalSignGenerator(Baseline baseline, Scenario scenario, RandomGenerator random) {
        this.baseline = baseline;
        this.scenario = scenario;
        this.random = random;
        this.rhythm = new Rhythm(new SplittableRandom(baseline.hashCode()));
        this.cgm = new Cgm(new SplittableRandom(baseline.hashCode() * 31L + 7));
        this.historyRandom = new SplittableRandom(baseline.hashCode() * 17L + 3);
    }

    public Scenario scenario() {
        return scenario;
    }

    private boolean deteriorating() {
        return scenario == Scenario.SEPSIS;
    }

    /** One measurement cycle at {@code now}; the first call starts the patient's clock. */
    public List<Reading> next(Instant now) {
        Instant time = now.truncatedTo(ChronoUnit.MILLIS);
        boolean first = start == null;
        if (first) {
            start = time;
        }
        Duration elapsed = Duration.between(start, time);
        Baseline target = target(elapsed);
        List<Reading> readings = new ArrayList<>(8);
        readings.add(quantity(VitalType.HEART_RATE, live.heartRate.next(target.heartRate(), random), time));
        readings.add(quantity(VitalType.RESPIRATORY_RATE,
                live.respiratoryRate.next(target.respiratoryRate(), random), time));
        double spo2 = Math.min(100, live.spo2.next(target.spo2(), random));
        readings.add(quantity(VitalType.SPO2, probeOff(elapsed) ? 0 : spo2, time));
        readings.add(quantity(VitalType.BODY_TEMPERATURE, live.temperature.next(target.temperature(), random),
                time));
        if (due(lastBloodPressure, deteriorating() ? BLOOD_PRESSURE_EVERY_WHEN_DETERIORATING : BLOOD_PRESSURE_EVERY,
                time)) {
            lastBloodPressure = time;
            readings.add(live.bloodPressure(target, random, nextId(VitalType.BLOOD_PRESSURE), time));
        }
        if (due(lastObservations, OBSERVATIONS_EVERY, time)) {
            lastObservations = time;
            readings.add(new Reading.Consciousness(nextId(VitalType.CONSCIOUSNESS), Acvpu.A, time));
            readings.add(new Reading.SupplementalOxygen(nextId(VitalType.SUPPLEMENTAL_OXYGEN), false, time));
        }
        if (scenario.sendsRrIntervals()) {
            if (first) {
                rrWindowStart = time.minus(RR_BEFORE_START);
            }
            if (due(rrWindowStart, first ? RR_BEFORE_START : RR_WINDOW, time)) {
                readings.add(rrIntervals(rrWindowStart, time));
                rrWindowStart = time;
            }
        }
        if (scenario == Scenario.HYPOGLYCAEMIA) {
            if (first) {
                nextGlucose = -Cgm.REMEMBERED;
            }
            for (Instant at = glucoseTime(nextGlucose); !at.isAfter(time); at = glucoseTime(++nextGlucose)) {
                readings.add(quantity(VitalType.BLOOD_GLUCOSE, cgm.value(nextGlucose), at));
            }
        }
        if (scenario == Scenario.FALL) {
            for (Instant at = fallTime(nextFall); !at.isAfter(time); at = fallTime(++nextFall)) {
                readings.add(new Reading.Fall(nextId(VitalType.FALL), at, FALL_LATITUDE, FALL_LONGITUDE));
            }
        }
        return readings;
    }

    /**
     * The patient's readings from {@code from} to the first cycle (exclusive), oldest first, at chart resolution: the
     * continuous vital signs every {@link #HISTORY_EVERY}, blood pressure, consciousness and oxygen every
     * {@link #HISTORY_OBSERVATIONS_EVERY}, and for the CGM patient glucose every 5 minutes up to the half hour the
     * first cycle brings. Call after the first {@link #next}. Ids start with {@code h} ({@code h-hr-000001}), so they
     * never meet a live reading's.
     */
    public List<Reading> history(Instant from) {
        if (start == null) {
            throw new IllegalStateException("the history ends at the first cycle: call next first");
        }
        Instant end = start;
        Walk walk = new Walk();
        List<Reading> readings = new ArrayList<>();
        Instant cycle = end.minus(Duration.between(from, end).dividedBy(HISTORY_EVERY) * HISTORY_EVERY.toSeconds(),
                ChronoUnit.SECONDS);
        long glucose = scenario == Scenario.HYPOGLYCAEMIA
                ? -Cgm.REMEMBERED - Duration.between(from, glucoseTime(-Cgm.REMEMBERED)).dividedBy(Cgm.EVERY)
                : Long.MAX_VALUE;
        for (; cycle.isBefore(end); cycle = cycle.plus(HISTORY_EVERY)) {
            Instant time = cycle;
            for (; glucose < -Cgm.REMEMBERED && !glucoseTime(glucose).isAfter(time); glucose++) {
                readings.add(historyQuantity(VitalType.BLOOD_GLUCOSE, cgm.value(glucose), glucoseTime(glucose)));
            }
            Baseline target = target(Duration.between(end, time));
            RandomGenerator r = historyRandom;
            readings.add(historyQuantity(VitalType.HEART_RATE, walk.heartRate.next(target.heartRate(), r), time));
            readings.add(historyQuantity(VitalType.RESPIRATORY_RATE,
                    walk.respiratoryRate.next(target.respiratoryRate(), r), time));
            readings.add(historyQuantity(VitalType.SPO2, Math.min(100, walk.spo2.next(target.spo2(), r)), time));
            readings.add(historyQuantity(VitalType.BODY_TEMPERATURE,
                    walk.temperature.next(target.temperature(), r), time));
            if (Duration.between(time, end).toSeconds() % HISTORY_OBSERVATIONS_EVERY.toSeconds() == 0) {
                readings.add(walk.bloodPressure(target, r, nextHistoryId(VitalType.BLOOD_PRESSURE), time));
                readings.add(new Reading.Consciousness(nextHistoryId(VitalType.CONSCIOUSNESS), Acvpu.A, time));
                readings.add(new Reading.SupplementalOxygen(nextHistoryId(VitalType.SUPPLEMENTAL_OXYGEN), false,
                        time));
            }
        }
        for (; glucose < -Cgm.REMEMBERED; glucose++) {
            readings.add(historyQuantity(VitalType.BLOOD_GLUCOSE, cgm.value(glucose), glucoseTime(glucose)));
        }
        return readings;
    }

    /** The RR intervals from {@code from} to {@code to}, at the rate and in the rhythm of that moment. */
    private Reading.RrIntervals rrIntervals(Instant from, Instant to) {
        List<Double> intervals = rhythm.intervals(from, to, baseline.heartRate(), AF_HEART_RATE,
                baseline.respiratoryRate(), this::inAf);
        return new Reading.RrIntervals(nextId(VitalType.RR_INTERVALS), intervals, from);
    }

    /**
     * Whether the AF patient's heart is fibrillating at {@code time}: from {@link #RR_BEFORE_START} before each
     * {@link #AF_EVERY} mark (the first at start) for {@link #AF_EPISODE} after it.
     */
    private boolean inAf(Instant time) {
        if (scenario != Scenario.PAROXYSMAL_AF || start == null) {
            return false;
        }
        long sinceFirstOnset = Duration.between(start.minus(RR_BEFORE_START), time).toMillis();
        return sinceFirstOnset >= 0
                && Math.floorMod(sinceFirstOnset, AF_EVERY.toMillis())
                        < AF_EPISODE.plus(RR_BEFORE_START).toMillis();
    }

    private boolean probeOff(Duration elapsed) {
        if (scenario != Scenario.SENSOR_OFF || elapsed.compareTo(SENSOR_OFF_AT) < 0) {
            return false;
        }
        return elapsed.minus(SENSOR_OFF_AT).toMillis() % SENSOR_OFF_EVERY.toMillis() < SENSOR_OFF_FOR.toMillis();
    }

    private Instant glucoseTime(long index) {
        return start.plus(Cgm.FIRST_AFTER_START).plus(Cgm.EVERY.multipliedBy(index));
    }

    private Instant fallTime(long index) {
        return start.plus(FALL_AT).plus(FALL_EVERY.multipliedBy(index));
    }

    /** What the patient's vital signs centre on at {@code elapsed} from the first cycle (negative: before it). */
    private Baseline target(Duration elapsed) {
        if (scenario == Scenario.PAROXYSMAL_AF && start != null && inAf(start.plus(elapsed))) {
            return new Baseline(AF_HEART_RATE, baseline.respiratoryRate(), baseline.spo2(), baseline.temperature(),
                    baseline.systolic(), baseline.diastolic());
        }
        if (!deteriorating()) {
            return baseline;
        }
        Baseline early = baseline.earlySepsis();
        if (elapsed.isNegative()) {
            double f = Math.max(0, 1 + (double) elapsed.toMillis() / EARLY_SEPSIS_DRIFT.toMillis());
            return lerp(baseline, early, f);
        }
        return lerp(early, Baseline.septic(),
                Math.min(1.0, (double) elapsed.toMillis() / DETERIORATION_RAMP.toMillis()));
    }

    private Reading.Quantity quantity(VitalType type, double value, Instant time) {
        return new Reading.Quantity(nextId(type), type, value, time);
    }

    private Reading.Quantity historyQuantity(VitalType type, double value, Instant time) {
        return new Reading.Quantity(nextHistoryId(type), type, value, time);
    }

    /** Short type prefix plus a per-device sequence, e.g. {@code hr-000123}: unique per device, readable in a log. */
    private String nextId(VitalType type) {
        return String.format(Locale.ROOT, "%s-%06d", prefix(type), ++sequence);
    }

    private String nextHistoryId(VitalType type) {
        return String.format(Locale.ROOT, "h-%s-%06d", prefix(type), ++historySequence);
    }

    private static String prefix(VitalType type) {
        return switch (type) {
            case HEART_RATE -> "hr";
            case RESPIRATORY_RATE -> "rr";
            case SPO2 -> "spo2";
            case BODY_TEMPERATURE -> "temp";
            case BLOOD_PRESSURE -> "bp";
            case CONSCIOUSNESS -> "acvpu";
            case SUPPLEMENTAL_OXYGEN -> "o2";
            case RR_INTERVALS -> "rri";
            case BLOOD_GLUCOSE -> "glu";
            default -> type.code();
        };
    }

    private static boolean due(@Nullable Instant last, Duration every, Instant now) {
        // A little slack, so a 5 s ticker that wakes a few ms early still takes the 30 s cuff reading.
        return last == null || !now.isBefore(last.plus(every).minusMillis(250));
    }

    private static Baseline lerp(Baseline from, Baseline to, double f) {
        return new Baseline(
                lerp(from.heartRate(), to.heartRate(), f),
                lerp(from.respiratoryRate(), to.respiratoryRate(), f),
                lerp(from.spo2(), to.spo2(), f),
                lerp(from.temperature(), to.temperature(), f),
                lerp(from.systolic(), to.systolic(), f),
                lerp(from.diastolic(), to.diastolic(), f));
    }

    private static double lerp(double from, double to, double fraction) {
        return from + (to - from) * fraction;
    }

    /** One random walk per vital sign; the history has its own, so that it leaves the live readings as they were. */
    private static final class Walk {

        final Channel heartRate = new Channel(1.5, 6, 0);
        final Channel respiratoryRate = new Channel(0.6, 2, 0);
        final Channel spo2 = new Channel(0.5, 2, 0);
        final Channel temperature = new Channel(0.05, 0.3, 1);
        final Channel systolic = new Channel(2, 8, 0);
        final Channel diastolic = new Channel(1.5, 6, 0);

        Reading.BloodPressure bloodPressure(Baseline target, RandomGenerator random, String id, Instant time) {
            double sys = systolic.next(target.systolic(), random);
            double dia = Math.min(diastolic.next(target.diastolic(), random), sys - 20);
            return new Reading.BloodPressure(id, sys, dia, time);
        }
    }
}
