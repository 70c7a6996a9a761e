package org.vigil.simulator.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.simulator.signal.VitalSignGeneratorTest.START;
import static org.vigil.simulator.signal.VitalSignGeneratorTest.crossesAThreshold;
import static org.vigil.simulator.signal.VitalSignGeneratorTest.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.alert.history.RecentValue;
import org.vigil.alert.rhythm.DashForSimulator;
import org.vigil.alert.trend.GlucoseTrendForSimulator;
import org.vigil.common.vitals.VitalType;

/**
 * Each demo patient raises the alerts of their scenario within a minute, judged where it can be by alert-service's own
 * rule code (the Dash irregularity measure of possible-af, the AR2 forecast and the 15-minute rate of the glucose
 * trend rules), and nothing else.
 */
class ScenarioTest {

    private static final Instant MINUTE_IN = START.plusSeconds(60);

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    // --- atrial fibrillation -----------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("seeds")
    void theAfPatientsFirstCycleCarriesA128BeatSegmentThatThePossibleAfRuleCallsAtrialFibrillation(long seed) {
        VitalSignGenerator af = generator(Scenario.PAROXYSMAL_AF, seed);
        List<Reading> first = af.next(START);

        List<Reading.RrIntervals> windows = series(first);
        assertThat(windows).singleElement().satisfies(window -> {
            assertThat(window.time()).isEqualTo(START.minus(VitalSignGenerator.RR_BEFORE_START));
            assertThat(window.intervals()).hasSizeGreaterThanOrEqualTo(DashForSimulator.SEGMENT);
        });
        // A new patient's series starts with the first window alert-service takes in: its first 128 beats are the
        // rule's first segment.
        List<Double> segment = windows.getFirst().intervals().subList(0, DashForSimulator.SEGMENT);
        assertThat(DashForSimulator.isAtrialFibrillation(segment)).as(DashForSimulator.describe(segment)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theAfEpisodeIsAfInEverySegmentThenSinusLongEnoughToResolveThenAfAgainTwentyMinutesOn(long seed) {
        List<Reading> readings = run(generator(Scenario.PAROXYSMAL_AF, seed), Duration.ofMinutes(30));
        List<Boolean> verdicts = segments(series(readings)).stream().map(DashForSimulator::isAtrialFibrillation)
                .toList();

        // 10 minutes of AF at 100 /min are 7 whole segments; then 10 minutes of sinus rhythm, then AF again.
        assertThat(verdicts.subList(0, 7)).as("the first episode").containsOnly(true);
        int firstRegular = verdicts.indexOf(false);
        int nextAf = verdicts.subList(firstRegular, verdicts.size()).indexOf(true) + firstRegular;
        assertThat(nextAf - firstRegular).as("regular segments between the episodes (3 resolve the alert)")
                .isGreaterThanOrEqualTo(3);
        assertThat(nextAf).as("the second episode is found").isGreaterThan(firstRegular);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void noOtherPatientsRhythmIsEverCalledAtrialFibrillation(long seed) {
        for (Scenario scenario : Scenario.values()) {
            if (scenario == Scenario.PAROXYSMAL_AF) {
                continue;
            }
            Random random = new Random(seed);
            List<Reading> readings = run(new VitalSignGenerator(Baseline.draw(random), scenario, random),
                    Duration.ofHours(1));
            assertThat(segments(series(readings))).as(scenario.name())
                    .noneMatch(DashForSimulator::isAtrialFibrillation);
        }
    }

    // --- hypoglycaemia -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("seeds")
    void theCgmPatientFallsFastIsForecastLowAndGoesBelow70WithinAMinute(long seed) {
        List<Reading> readings = run(generator(Scenario.HYPOGLYCAEMIA, seed), Duration.ofSeconds(60));
        List<RecentValue> glucose = glucose(readings);

        assertThat(glucose).as("the CGM's last half hour comes with the first cycle").hasSizeGreaterThanOrEqualTo(7);
        assertThat(glucose.getFirst().at()).isEqualTo(START.plus(Cgm.FIRST_AFTER_START).minus(Duration.ofMinutes(30)));
        RecentValue low = glucose.stream().filter(v -> v.value() < 70).findFirst().orElseThrow();
        assertThat(low.at()).as("glucose-low: below 70 mg/dL").isAfter(START).isBefore(MINUTE_IN);
        assertThat(judged(glucose, GlucoseTrendForSimulator::lowestForecast))
                .as("glucose-predicted-low: AR2 below 70 within 30 min while the value is still 70 or more")
                .anySatisfy(j -> {
                    assertThat(j.value().value()).isGreaterThanOrEqualTo(70);
                    assertThat(j.result()).isLessThan(70);
                });
        assertThat(judged(glucose, GlucoseTrendForSimulator::ratePerMinute))
                .as("glucose-falling-fast: below -2 mg/dL/min over 15 minutes")
                .anySatisfy(j -> assertThat(j.result()).isLessThan(-2));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theLowResolvesWithTwoReadingsAbove80AndComesBackThreeHoursLaterWithoutEverGoingAbove250(long seed) {
        List<RecentValue> glucose = glucose(run(generator(Scenario.HYPOGLYCAEMIA, seed), Duration.ofHours(4)));

        assertThat(glucose).allSatisfy(v -> assertThat(v.value()).isBetween(50.0, 250.0));
        int low = indexWhere(glucose, 0, v -> v.value() < 70);
        int cleared = indexWhere(glucose, low, v -> v.value() > 80);
        assertThat(glucose.get(cleared + 1).value()).as("glucose-low clears after 2 readings above 80").isGreaterThan(80);
        int again = indexWhere(glucose, cleared, v -> v.value() < 70);
        assertThat(Duration.between(glucose.get(low).at(), glucose.get(again).at())).isEqualTo(Duration.ofHours(3));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theCgmHistoryIsAnUnremarkableDay(long seed) {
        VitalSignGenerator cgm = generator(Scenario.HYPOGLYCAEMIA, seed);
        List<Reading> first = cgm.next(START);
        List<RecentValue> history = glucose(cgm.history(START.minus(Duration.ofHours(24))));

        assertThat(history).hasSize(24 * 12 - 6).allSatisfy(v -> assertThat(v.value()).isBetween(95.0, 190.0));
        assertThat(history.getLast().at()).isBefore(glucose(first).getFirst().at());
        assertThat(judged(history, GlucoseTrendForSimulator::ratePerMinute)).allSatisfy(j ->
                assertThat(j.result()).isGreaterThan(-2));
        assertThat(judged(history, GlucoseTrendForSimulator::lowestForecast)).allSatisfy(j ->
                assertThat(j.result()).isGreaterThanOrEqualTo(70));
    }

    // --- fall, sensor off --------------------------------------------------------------------------------------

    @Test
    void theFallPatientFallsAt25SecondsWithALocationAndAgainTwoHoursLater() {
        List<Reading> readings = run(generator(Scenario.FALL, 1), Duration.ofHours(2).plusMinutes(1));

        List<Reading.Fall> falls = readings.stream()
                .flatMap(r -> r instanceof Reading.Fall f ? Stream.of(f) : Stream.empty()).toList();
        assertThat(falls).extracting(Reading::time).containsExactly(START.plus(VitalSignGenerator.FALL_AT),
                START.plus(VitalSignGenerator.FALL_AT).plus(Duration.ofHours(2)));
        assertThat(falls).allSatisfy(fall -> {
            assertThat(fall.latitude()).isBetween(-90.0, 90.0);
            assertThat(fall.longitude()).isBetween(-180.0, 180.0);
            assertThat(fall.id()).startsWith("fall-");
        });
    }

    @Test
    void theSensorOffPatientsSpo2ReadsExactlyZeroFrom10To100SecondsAndAgainTwentyMinutesLater() {
        List<Reading> readings = run(generator(Scenario.SENSOR_OFF, 2), Duration.ofMinutes(25));

        List<Instant> zeros = readings.stream()
                .filter(r -> r instanceof Reading.Quantity q && q.type() == VitalType.SPO2 && q.value() == 0)
                .map(Reading::time).toList();
        Duration every = Duration.ofSeconds(5);
        List<Instant> expected = new ArrayList<>();
        for (Instant off : List.of(START.plusSeconds(10), START.plusSeconds(10).plus(Duration.ofMinutes(20)))) {
            for (Instant t = off; t.isBefore(off.plusSeconds(90)); t = t.plus(every)) {
                expected.add(t);
            }
        }
        assertThat(zeros).containsExactlyElementsOf(expected);
        assertThat(readings).filteredOn(r -> r.type() != VitalType.SPO2).noneMatch(ScenarioTest::zero);
    }

    // --- every scenario ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = "SEPSIS", mode = EnumSource.Mode.EXCLUDE)
    void outsideItsScenarioAPatientCrossesNoThresholdInAnHour(Scenario scenario) {
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            Baseline baseline = scenario == Scenario.STABLE ? Baseline.draw(random) : Baseline.calm(random);
            List<Reading> readings = run(new VitalSignGenerator(baseline, scenario, random), Duration.ofHours(1));

            assertThat(readings).filteredOn(r -> !zero(r)).noneMatch(crossesAThreshold());
            assertThat(readings).filteredOn(r -> r.type() == VitalType.HEART_RATE)
                    .allSatisfy(r -> assertThat(((Reading.Quantity) r).value()).isBetween(45.0, 110.0));
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theHistoryEndsBeforeTheFirstCycleHoldsNothingAlarmingAndIsBounded(Scenario scenario) {
        Random random = new Random(11);
        VitalSignGenerator generator = new VitalSignGenerator(Baseline.draw(random), scenario, random);
        List<Reading> first = generator.next(START);
        List<Reading> history = generator.history(START.minus(Duration.ofHours(24)));

        assertThat(history).isSortedAccordingTo(Comparator.comparing(Reading::time));
        assertThat(history).allSatisfy(r -> {
            assertThat(r.time()).isAfterOrEqualTo(START.minus(Duration.ofHours(24)));
            assertThat(r.id()).startsWith("h-");
        });
        for (VitalType type : first.stream().map(Reading::type).distinct().toList()) {
            Instant firstLive = first.stream().filter(r -> r.type() == type).map(Reading::time)
                    .min(Comparator.naturalOrder()).orElseThrow();
            assertThat(history).filteredOn(r -> r.type() == type)
                    .as("%s history is older than the first cycle's, so the rules take it as a backlog", type)
                    .allSatisfy(r -> assertThat(r.time()).isBefore(firstLive));
        }
        assertThat(history).noneMatch(crossesAThreshold()).noneMatch(ScenarioTest::zero)
                .noneMatch(r -> r instanceof Reading.Fall || r instanceof Reading.RrIntervals);
        // 24 h at 5 minutes: 4 continuous signs, every 30 min the cuff, consciousness and oxygen, the CGM's glucose.
        assertThat(history).hasSizeLessThanOrEqualTo(24 * 12 * 4 + 24 * 2 * 3 + 24 * 12);
        assertThat(history.stream().filter(r -> r.type() == VitalType.CONSCIOUSNESS)).hasSize(48);
    }

    @Test
    void theSepsisPatientsHistoryDriftsUpTowardsTheStartWithoutCrossingAThreshold() {
        Random random = new Random(4);
        Baseline baseline = Baseline.draw(random);
        VitalSignGenerator generator = new VitalSignGenerator(baseline, Scenario.SEPSIS, random);
        generator.next(START);
        List<Reading> history = generator.history(START.minus(Duration.ofHours(12)));

        List<Double> heartRates = history.stream().filter(r -> r.type() == VitalType.HEART_RATE)
                .map(r -> ((Reading.Quantity) r).value()).toList();
        double before = heartRates.subList(0, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = heartRates.subList(heartRates.size() - 6, heartRates.size()).stream()
                .mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last - before).isGreaterThan(5);
        assertThat(history).noneMatch(crossesAThreshold());
    }

    @Test
    void theFleetIsEveryScenarioInOrderThenStablePatients() {
        assertThat(Stream.iterate(1, n -> n + 1).limit(9).map(Scenario::forPatient)).containsExactly(
                Scenario.SEPSIS, Scenario.HYPOGLYCAEMIA, Scenario.PAROXYSMAL_AF, Scenario.FALL, Scenario.SENSOR_OFF,
                Scenario.SILENT_DEVICE, Scenario.STABLE, Scenario.STABLE, Scenario.STABLE);
        assertThat(Scenario.values()).filteredOn(s -> s != Scenario.STABLE).allSatisfy(s ->
                assertThat(s.rules()).isNotEmpty());
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static VitalSignGenerator generator(Scenario scenario, long seed) {
        Random random = new Random(seed);
        return new VitalSignGenerator(Baseline.calm(random), scenario, random);
    }

    static List<Reading.RrIntervals> series(List<Reading> readings) {
        return readings.stream().flatMap(r -> r instanceof Reading.RrIntervals rr ? Stream.of(rr) : Stream.empty())
                .toList();
    }

    /** As possible-af takes them: the windows' intervals one after another, cut into 128-beat segments. */
    private static List<List<Double>> segments(List<Reading.RrIntervals> windows) {
        List<Double> beats = windows.stream().flatMap(w -> w.intervals().stream()).toList();
        List<List<Double>> segments = new ArrayList<>();
        for (int i = 0; i + DashForSimulator.SEGMENT <= beats.size(); i += DashForSimulator.SEGMENT) {
            segments.add(beats.subList(i, i + DashForSimulator.SEGMENT));
        }
        return segments;
    }

    /** The glucose readings as alert-service keeps them (recent_value), oldest first. */
    private static List<RecentValue> glucose(List<Reading> readings) {
        return readings.stream()
                .filter(r -> r.type() == VitalType.BLOOD_GLUCOSE)
                .map(r -> new RecentValue("blood-glucose", r.time(), ((Reading.Quantity) r).value(), UUID.randomUUID()))
                .sorted(Comparator.comparing(RecentValue::at))
                .toList();
    }

    private record Judged(RecentValue value, double result) {
    }

    /** A trend judged at each reading from the readings up to it, as the trend rules do at the newest reading. */
    private static List<Judged> judged(List<RecentValue> oldestFirst,
            java.util.function.Function<List<RecentValue>, java.util.OptionalDouble> trend) {
        List<Judged> judged = new ArrayList<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            RecentValue newest = oldestFirst.get(i);
            List<RecentValue> upTo = oldestFirst.subList(0, i + 1).stream()
                    .filter(v -> !v.at().isBefore(newest.at().minus(Duration.ofMinutes(15)))).toList();
            trend.apply(upTo).ifPresent(result -> judged.add(new Judged(newest, result)));
        }
        return judged;
    }

    private static int indexWhere(List<RecentValue> values, int from,
            java.util.function.Predicate<RecentValue> condition) {
        for (int i = from; i < values.size(); i++) {
            if (condition.test(values.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such glucose value after index " + from);
    }

    private static boolean zero(Reading reading) {
        return reading instanceof Reading.Quantity q && q.value() == 0;
    }
}
