package org.vigil.vitals.glucose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.common.vitals.VitalType;
import org.vigil.vitals.glucose.GlucoseMetrics.GlucoseRange;
import org.vigil.vitals.glucose.GlucoseMetrics.RangeShare;
import org.vigil.vitals.glucose.GlucoseMetrics.Report;
import org.vigil.vitals.glucose.GlucoseMetrics.Sample;

/**
 * Expected numbers were computed independently with Python 3's statistics module (mean, stdev, and
 * quantiles(..., n=100, method='inclusive'), which is the type 7 percentile) and numpy.percentile (linear), not with
 * this code; each test says with what.
 */
class GlucoseMetricsTest {

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void theRangesAreStoredInMilligramsPerDecilitre() {
        // The consensus bounds below are in mg/dL; if the canonical unit changed, the values would need converting.
        assertThat(VitalType.BLOOD_GLUCOSE.unit()).isEqualTo(GlucoseMetrics.UNIT);
    }

    @Test
    void eachConsensusBoundaryFallsIntoTheRangeTheConsensusGivesIt() {
        assertThat(GlucoseRange.of(53.9)).isEqualTo(GlucoseRange.VERY_LOW);
        assertThat(GlucoseRange.of(54)).isEqualTo(GlucoseRange.LOW);
        assertThat(GlucoseRange.of(69.9)).isEqualTo(GlucoseRange.LOW);
        assertThat(GlucoseRange.of(70)).isEqualTo(GlucoseRange.IN_RANGE);
        assertThat(GlucoseRange.of(180)).isEqualTo(GlucoseRange.IN_RANGE);
        assertThat(GlucoseRange.of(180.1)).isEqualTo(GlucoseRange.HIGH);
        assertThat(GlucoseRange.of(181)).isEqualTo(GlucoseRange.HIGH);
        assertThat(GlucoseRange.of(250)).isEqualTo(GlucoseRange.HIGH);
        assertThat(GlucoseRange.of(250.1)).isEqualTo(GlucoseRange.VERY_HIGH);
    }

    @Test
    void meanSampleSdCvGmiAndRangesMatchAnIndependentCalculation() {
        // python3: v = [53.9, 54, 69, 69.9, 70, 120, 180, 180.1, 181, 250, 250.1, 300]
        // statistics.mean(v) = 148.16666666666666, statistics.stdev(v) = 87.37323631548979 (pstdev 83.65...),
        // 100 * stdev / mean = 58.969563317540924, 3.31 + 0.02392 * mean = 6.854146666666667;
        // ranges: very-low 1, low 3, in-range 3, high 3, very-high 2 of 12.
        List<Sample> samples = everyFiveMinutes(53.9, 54, 69, 69.9, 70, 120, 180, 180.1, 181, 250, 250.1, 300);

        Report report = GlucoseMetrics.report("p", START, START.plusSeconds(3600), UTC, samples);

        assertThat(report.readings()).isEqualTo(12);
        assertThat(report.mean()).isCloseTo(148.16666666666666, within(1e-9));
        assertThat(report.sd()).isCloseTo(87.37323631548979, within(1e-9));
        assertThat(report.cvPercent()).isCloseTo(58.969563317540924, within(1e-9));
        assertThat(report.gmiPercent()).isCloseTo(6.854146666666667, within(1e-9));
        assertThat(report.ranges()).extracting(RangeShare::code)
                .containsExactly("very-low", "low", "in-range", "high", "very-high");
        assertThat(report.ranges()).extracting(RangeShare::label)
                .containsExactly("< 54 mg/dL", "54–69 mg/dL", "70–180 mg/dL", "181–250 mg/dL", "> 250 mg/dL");
        assertThat(report.ranges()).extracting(RangeShare::percent)
                .containsExactly(100.0 / 12, 25.0, 25.0, 25.0, 200.0 / 12);
        // Time per day, as the consensus states its targets (4 % = 58 min): 1/12 of 1440 min = 120 min.
        assertThat(report.ranges().getFirst().minutes()).isCloseTo(120.0, within(1e-9));
        assertThat(report.ranges().get(1).minutes()).isCloseTo(360.0, within(1e-9));
    }

    @Test
    void theGmiOfAMeanOf150IsBergenstalsFormulaWorkedByHand() {
        // 3.31 + 0.02392 * 150 = 3.31 + 3.588 = 6.898 (%)
        Report report = GlucoseMetrics.report("p", START, START.plusSeconds(600), UTC, everyFiveMinutes(150, 150));

        assertThat(report.gmiPercent()).isCloseTo(6.898, within(1e-9));
        assertThat(report.sd()).isZero();
    }

    @Test
    void theSensorIntervalIsTheMedianGapAndActiveTimeTheShareOfExpectedReadings() {
        // Readings at 0, 5, 10, 15, 30, 35 min: gaps 5, 5, 5, 15, 5, median 5. One hour at 5 min expects 12; 6 were
        // taken: 50 %. A second reading at the same time is neither a gap nor a further captured time.
        List<Sample> samples = new ArrayList<>();
        for (int minute : new int[] {0, 5, 10, 15, 15, 30, 35}) {
            samples.add(new Sample(START.plusSeconds(60L * minute), 100));
        }

        Report report = GlucoseMetrics.report("p", START, START.plusSeconds(3600), UTC, samples);

        assertThat(report.readings()).isEqualTo(7);
        assertThat(report.sensorIntervalMinutes()).isEqualTo(5.0);
        assertThat(report.activePercent()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void activeTimeIsAtMostAHundredPercent() {
        // Six readings at 5 min over 20 min: more than the four the period expects.
        Report report = GlucoseMetrics.report("p", START, START.plusSeconds(1200), UTC,
                everyFiveMinutes(100, 100, 100, 100, 100, 100));

        assertThat(report.activePercent()).isEqualTo(100.0);
    }

    @Test
    void theAgpPoolsDaysByLocalTimeOfDayAndInterpolatesPercentilesLinearly() {
        // 08:05 Europe/London in July (BST) is 07:05Z: on four days 100, 140, 200, 120.
        // python3 statistics.quantiles([100, 140, 200, 120], n=100, method='inclusive') -> p5 103.0, p25 115.0,
        // p50 130.0, p75 155.0, p95 191.0 (numpy.percentile agrees).
        List<Sample> samples = new ArrayList<>();
        double[] values = {100, 140, 200, 120};
        for (int day = 0; day < values.length; day++) {
            samples.add(new Sample(Instant.parse("2026-07-0" + (day + 1) + "T07:05:00Z"), values[day]));
        }
        ZoneId london = ZoneId.of("Europe/London");

        Report report = GlucoseMetrics.report("p", Instant.parse("2026-07-01T00:00:00Z"),
                Instant.parse("2026-07-05T00:00:00Z"), london, samples);

        GlucoseMetrics.Agp agp = report.agp();
        assertThat(agp.minuteOfDay()).hasSize(96);
        assertThat(agp.minuteOfDay().getFirst()).isZero();
        assertThat(agp.minuteOfDay().get(1)).isEqualTo(15);
        assertThat(agp.minuteOfDay().getLast()).isEqualTo(1425);
        int bin = agp.minuteOfDay().indexOf(8 * 60);
        assertThat(agp.p5().get(bin)).isCloseTo(103.0, within(1e-9));
        assertThat(agp.p25().get(bin)).isCloseTo(115.0, within(1e-9));
        assertThat(agp.p50().get(bin)).isCloseTo(130.0, within(1e-9));
        assertThat(agp.p75().get(bin)).isCloseTo(155.0, within(1e-9));
        assertThat(agp.p95().get(bin)).isCloseTo(191.0, within(1e-9));
        // 07:05Z read as UTC would land in the 07:00 bin; in London it must not.
        assertThat(agp.p50().get(agp.minuteOfDay().indexOf(7 * 60))).isNull();
        assertThat(report.timeZone()).isEqualTo("Europe/London");
    }

    @Test
    void withoutReadingsEveryNumberIsNullAndTheAgpEmpty() {
        Report report = GlucoseMetrics.report("p", START, START.plusSeconds(3600), UTC, List.of());

        assertThat(report.readings()).isZero();
        assertThat(report.mean()).isNull();
        assertThat(report.sd()).isNull();
        assertThat(report.cvPercent()).isNull();
        assertThat(report.gmiPercent()).isNull();
        assertThat(report.sensorIntervalMinutes()).isNull();
        assertThat(report.activePercent()).isNull();
        assertThat(report.ranges()).hasSize(5).allSatisfy(range -> {
            assertThat(range.percent()).isNull();
            assertThat(range.minutes()).isNull();
        });
        assertThat(report.agp().minuteOfDay()).isEmpty();
        assertThat(report.agp().p50()).isEmpty();
    }

    @Test
    void oneReadingHasAMeanButNoSdNorSensorInterval() {
        Report report = GlucoseMetrics.report("p", START, START.plusSeconds(3600), UTC, everyFiveMinutes(99));

        assertThat(report.mean()).isEqualTo(99.0);
        assertThat(report.sd()).isNull();
        assertThat(report.cvPercent()).isNull();
        assertThat(report.sensorIntervalMinutes()).isNull();
        assertThat(report.activePercent()).isNull();
    }

    private static List<Sample> everyFiveMinutes(double... values) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new Sample(START.plusSeconds(300L * i), values[i]));
        }
        return samples;
    }
}
