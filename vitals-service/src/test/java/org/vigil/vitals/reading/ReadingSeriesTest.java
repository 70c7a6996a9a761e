package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.common.vitals.VitalType;

class ReadingSeriesTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void theBucketIsTheRangeOverThePointsRoundedUpToAWholeSecond() {
        // 86400 s / 1000 = 86.4 -> 87
        assertThat(ReadingSeries.bucketSeconds(FROM, FROM.plusSeconds(86_400), 1000)).isEqualTo(87);
        // 30 days / 1000 = 2592 exactly; a nanosecond more rounds up
        assertThat(ReadingSeries.bucketSeconds(FROM, FROM.plusSeconds(30 * 86_400), 1000)).isEqualTo(2592);
        assertThat(ReadingSeries.bucketSeconds(FROM, FROM.plusSeconds(30 * 86_400).plusNanos(1), 1000))
                .isEqualTo(2593);
    }

    @Test
    void theBucketIsAtLeastOneSecond() {
        assertThat(ReadingSeries.bucketSeconds(FROM, FROM.plusSeconds(3600), 20_000)).isEqualTo(1);
        assertThat(ReadingSeries.bucketSeconds(FROM, FROM, 1000)).isEqualTo(1);
    }

    @Test
    void quantitiesAndBloodPressureChartButEventsAndScalesDoNot() {
        assertThat(ReadingSeries.charts(VitalType.HEART_RATE)).isTrue();
        assertThat(ReadingSeries.charts(VitalType.BLOOD_GLUCOSE)).isTrue();
        assertThat(ReadingSeries.charts(VitalType.BLOOD_PRESSURE)).isTrue();
        assertThat(ReadingSeries.parts(VitalType.BLOOD_PRESSURE)).extracting(ReadingSeries.Part::name)
                .containsExactly("systolic", "diastolic");
        assertThat(ReadingSeries.charts(VitalType.CONSCIOUSNESS)).isFalse();
        assertThat(ReadingSeries.charts(VitalType.FALL)).isFalse();
        assertThat(ReadingSeries.charts(VitalType.RR_INTERVALS)).isFalse();
    }
}
