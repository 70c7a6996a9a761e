package org.vigil.simulator.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.common.vitals.Acvpu;
import org.vigil.common.vitals.VitalType;

class VitalSignGeneratorTest {

    static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration EVERY = Duration.ofSeconds(5);

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aStablePatientStaysInACalmRangeForAnHourAndNeverCrossesAnAlertThreshold(long seed) {
        Random random = new Random(seed);
        List<Reading> readings = run(new VitalSignGenerator(Baseline.draw(random), Scenario.STABLE, random),
                Duration.ofHours(1));

        assertThat(values(readings, VitalType.HEART_RATE)).allSatisfy(hr -> assertThat(hr).isBetween(50.0, 110.0));
        assertThat(values(readings, VitalType.RESPIRATORY_RATE)).allSatisfy(rr -> assertThat(rr).isBetween(9.0, 21.0));
        assertThat(values(readings, VitalType.SPO2)).allSatisfy(s -> assertThat(s).isBetween(92.0, 100.0));
        assertThat(values(readings, VitalType.BODY_TEMPERATURE)).allSatisfy(t -> assertThat(t).isBetween(35.9, 37.8));
        assertThat(bloodPressures(readings)).allSatisfy(bp -> {
            assertThat(bp.systolic()).isBetween(100.0, 145.0);
            assertThat(bp.diastolic()).isBetween(55.0, 90.0).isLessThan(bp.systolic() - 19);
        });
        assertThat(readings).noneMatch(crossesAThreshold());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyReadingIsAcceptedByTheCatalogueInItsCanonicalUnit(long seed) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            VitalSignGenerator generator = new VitalSignGenerator(Baseline.draw(random), scenario, random);
            readings.addAll(run(generator, Duration.ofMinutes(10)));
            readings.addAll(generator.history(START.minus(Duration.ofHours(1))));
        }

        assertThat(readings).allSatisfy(reading -> assertThatNoException().isThrownBy(() -> {
            switch (reading) {
                case Reading.Quantity q -> q.type().toCanonical(q.value(), q.type().unit(), "value");
                case Reading.BloodPressure bp -> {
                    bp.type().toCanonical(bp.systolic(), bp.type().unit(), "systolic");
                    bp.type().toCanonical(bp.diastolic(), bp.type().unit(), "diastolic");
                }
                case Reading.Consciousness c -> assertThat(c.level()).isEqualTo(Acvpu.A);
                case Reading.SupplementalOxygen o -> assertThat(o.onOxygen()).isFalse();
                case Reading.RrIntervals rr -> {
                    assertThat(rr.intervals()).isNotEmpty().hasSizeLessThanOrEqualTo(VitalType.MAX_SERIES_VALUES);
                    rr.intervals().forEach(i -> rr.type().toCanonical(i, rr.type().unit(), "values"));
                }
                case Reading.Fall fall -> assertThat(fall.type()).isEqualTo(VitalType.FALL);
            }
        }));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theDeterioratingPatientCrossesEveryFirstRuleSetThresholdWithinAMinuteAndStaysThere(long seed) {
        Random random = new Random(seed);
        List<Reading> readings = run(new VitalSignGenerator(Baseline.draw(random), Scenario.SEPSIS, random),
                Duration.ofMinutes(10));

        Instant minuteIn = START.plusSeconds(60);
        for (Predicate<Reading> threshold : thresholds()) {
            List<Reading> crossing = readings.stream().filter(threshold).toList();
            assertThat(crossing).as("readings past a threshold").isNotEmpty();
            assertThat(crossing.getFirst().time()).isBefore(minuteIn);
            Instant rampDone = START.plus(VitalSignGenerator.DETERIORATION_RAMP);
            assertThat(readings.stream()
                    .filter(r -> !r.time().isBefore(rampDone))
                    .filter(r -> crossing.getFirst().type() == r.type()))
                    .as("once the ramp is done every reading of that type stays past it")
                    .allMatch(threshold);
        }
    }

    @Test
    void theDeterioratingPatientStartsShortOfEveryThreshold() {
        Random random = new Random(7);
        List<Reading> first = new VitalSignGenerator(Baseline.draw(random), Scenario.SEPSIS, random).next(START);

        assertThat(first).noneMatch(crossesAThreshold());
    }

    @Test
    void readingIdsAreUniquePerDevice() {
        Random random = new Random(1);
        List<Reading> readings = run(new VitalSignGenerator(Baseline.draw(random), Scenario.SEPSIS, random),
                Duration.ofHours(2));

        Set<String> ids = new HashSet<>();
        readings.forEach(reading -> assertThat(ids.add(reading.id())).as(reading.id()).isTrue());
        assertThat(readings.getFirst().id()).isEqualTo("hr-000001");
    }

    @Test
    void bloodPressureComesEveryThirtySecondsAndConsciousnessAndOxygenOnceAMinute() {
        Random random = new Random(3);
        List<Reading> readings = run(new VitalSignGenerator(Baseline.draw(random), Scenario.STABLE, random),
                Duration.ofMinutes(10));

        assertThat(readings.stream().filter(r -> r.type() == VitalType.HEART_RATE)).hasSize(120);
        assertThat(readings.stream().filter(r -> r.type() == VitalType.BLOOD_PRESSURE)).hasSize(20);
        assertThat(readings.stream().filter(r -> r.type() == VitalType.CONSCIOUSNESS)).hasSize(10);
        assertThat(readings.stream().filter(r -> r.type() == VitalType.SUPPLEMENTAL_OXYGEN)).hasSize(10);
    }

    @Test
    void aStablePatientSendsTheTwoMinutesBeforeStartThenAMinuteOfSinusRhythmOnceAMinuteAndTheSepsisOneNone() {
        Random random = new Random(5);
        Baseline baseline = Baseline.draw(random);
        List<Reading> readings = run(new VitalSignGenerator(baseline, Scenario.STABLE, random),
                Duration.ofMinutes(10));

        List<Reading.RrIntervals> series = ScenarioTest.series(readings);
        assertThat(series).hasSize(10);
        Instant firstCycle = readings.getFirst().time();
        assertThat(series.getFirst().time()).isEqualTo(firstCycle.minus(VitalSignGenerator.RR_BEFORE_START));
        assertThat(sum(series.getFirst())).isBetween(118_000.0, 120_000.0);
        for (int i = 1; i < series.size(); i++) {
            Reading.RrIntervals rr = series.get(i);
            assertThat(rr.time()).isEqualTo(firstCycle.plus(Duration.ofMinutes(i - 1)));
            assertThat(sum(rr)).isBetween(58_000.0, 60_000.0);
        }
        for (Reading.RrIntervals rr : series) {
            double mean = sum(rr) / rr.intervals().size();
            assertThat(60_000 / mean).isCloseTo(baseline.heartRate(), org.assertj.core.data.Offset.offset(8.0));
            // Sinus rhythm: successive intervals differ little (RMSSD well under 10 % of the mean interval).
            double squares = 0;
            for (int k = 1; k < rr.intervals().size(); k++) {
                double d = rr.intervals().get(k) - rr.intervals().get(k - 1);
                squares += d * d;
            }
            assertThat(Math.sqrt(squares / (rr.intervals().size() - 1))).isLessThan(0.1 * mean);
        }
        assertThat(run(new VitalSignGenerator(baseline, Scenario.SEPSIS, random), Duration.ofMinutes(10)))
                .noneMatch(r -> r instanceof Reading.RrIntervals);
    }

    private static double sum(Reading.RrIntervals rr) {
        return rr.intervals().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void aDeterioratingPatientsCuffCyclesEveryTenSeconds() {
        Random random = new Random(3);
        List<Reading> readings = run(new VitalSignGenerator(Baseline.draw(random), Scenario.SEPSIS, random),
                Duration.ofMinutes(1));

        assertThat(readings.stream().filter(r -> r.type() == VitalType.BLOOD_PRESSURE)).hasSize(6);
    }

    /** Measurement cycles every 5 s of simulated time, as the simulator's default interval. */
    static List<Reading> run(VitalSignGenerator generator, Duration span) {
        List<Reading> readings = new ArrayList<>();
        for (Instant t = START; t.isBefore(START.plus(span)); t = t.plus(EVERY)) {
            readings.addAll(generator.next(t));
        }
        return readings;
    }

    /** The first rule set: HR > 130, SpO2 < 90, systolic < 90, temperature >= 39.1, RR >= 25. */
    static List<Predicate<Reading>> thresholds() {
        return List.of(
                r -> r instanceof Reading.Quantity q && q.type() == VitalType.HEART_RATE && q.value() > 130,
                r -> r instanceof Reading.Quantity q && q.type() == VitalType.SPO2 && q.value() < 90,
                r -> r instanceof Reading.BloodPressure bp && bp.systolic() < 90,
                r -> r instanceof Reading.Quantity q && q.type() == VitalType.BODY_TEMPERATURE && q.value() >= 39.1,
                r -> r instanceof Reading.Quantity q && q.type() == VitalType.RESPIRATORY_RATE && q.value() >= 25);
    }

    static Predicate<Reading> crossesAThreshold() {
        return thresholds().stream().reduce(r -> false, Predicate::or);
    }

    private static List<Double> values(List<Reading> readings, VitalType type) {
        List<Double> values = readings.stream()
                .filter(r -> r.type() == type)
                .map(r -> ((Reading.Quantity) r).value())
                .toList();
        assertThat(values).isNotEmpty();
        return values;
    }

    private static List<Reading.BloodPressure> bloodPressures(List<Reading> readings) {
        return readings.stream()
                .map(r -> r instanceof Reading.BloodPressure bp ? bp : null)
                .filter(Objects::nonNull)
                .toList();
    }
}
