package org.vigil.alert.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alert.SharedData;

class DashIrregularityTest {

    @Test
    void turningPointsAreValuesAboveOrBelowBothNeighboursOverTheLength() {
        assertThat(DashIrregularity.turningPointRatio(new double[] {1, 3, 2, 4, 3})).isEqualTo(3 / 5.0);
        assertThat(DashIrregularity.turningPointRatio(new double[] {1, 2, 3, 4, 5})).isZero();
        // a plateau is not a turning point
        assertThat(DashIrregularity.turningPointRatio(new double[] {1, 2, 2, 1})).isZero();
    }

    @Test
    void entropyIsZeroForOneValueAndOneForAFlatHistogram() {
        assertThat(DashIrregularity.shannonEntropy(new double[] {800, 800, 800}, 16)).isZero();
        double[] flat = new double[16];
        for (int i = 0; i < 16; i++) {
            flat[i] = 600 + i * 10;
        }
        assertThat(DashIrregularity.shannonEntropy(flat, 16)).isCloseTo(1.0, within(1e-12));
        // two equal halves: log 2 / log 16
        assertThat(DashIrregularity.shannonEntropy(new double[] {600, 900, 600, 900}, 16))
                .isCloseTo(0.25, within(1e-12));
    }

    @Test
    void rmssdIsNormalisedByTheMeanInterval() {
        assertThat(DashIrregularity.normalisedRmssd(new double[] {100, 110, 100, 110}))
                .isCloseTo(10 / 105.0, within(1e-12));
    }

    @Test
    void outlierFilterDropsTheLargestAndSmallestKeepingTheOrder() {
        double[] series = {5, 1, 9, 4, 7, 2, 8};
        assertThat(DashIrregularity.withoutOutliers(series, 2)).containsExactly(5, 4, 7);
    }

    @Test
    void afOnlyWhenAllThreeStatisticsPassTheirThresholdsStrictly() {
        assertThat(DashIrregularity.isAtrialFibrillation(0.1001, 0.7001, 0.5401)).isTrue();
        assertThat(DashIrregularity.isAtrialFibrillation(0.1001, 0.7001, 0.7699)).isTrue();
        assertThat(DashIrregularity.isAtrialFibrillation(0.1, 0.9, 0.65)).isFalse();
        assertThat(DashIrregularity.isAtrialFibrillation(0.3, 0.7, 0.65)).isFalse();
        assertThat(DashIrregularity.isAtrialFibrillation(0.3, 0.9, 0.54)).isFalse();
        assertThat(DashIrregularity.isAtrialFibrillation(0.3, 0.9, 0.77)).isFalse();
    }

    @Test
    void aSegmentHas128Intervals() {
        assertThatThrownBy(() -> DashIrregularity.assess(RrSeries.atrialFibrillation(127, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomIntervalsAreAtrialFibrillation() {
        for (long seed = 1; seed <= 20; seed++) {
            var assessment = DashIrregularity.assess(RrSeries.atrialFibrillation(128, seed));
            assertThat(assessment.atrialFibrillation()).as("seed %d: %s", seed, assessment).isTrue();
        }
    }

    @Test
    void sinusRhythmWithIsolatedPrematureBeatsIsNot() {
        for (long seed = 1; seed <= 20; seed++) {
            var assessment = DashIrregularity.assess(RrSeries.sinusWithPrematureBeats(128, 20, seed));
            assertThat(assessment.atrialFibrillation()).as("seed %d: %s", seed, assessment).isFalse();
        }
    }

    @Test
    void noSegmentOfMitBihRecord100IsAtrialFibrillation() {
        List<Double> intervals = new ArrayList<>();
        SharedData.mitBih100NormalIntervals().forEach(i -> intervals.add(i[0]));
        assertThat(intervals).hasSizeGreaterThan(2000);
        for (int start = 0; start + 128 <= intervals.size(); start += 16) {
            var assessment = DashIrregularity.assess(intervals.subList(start, start + 128));
            assertThat(assessment.atrialFibrillation()).as("beats from %d: %s", start, assessment).isFalse();
        }
    }
}
