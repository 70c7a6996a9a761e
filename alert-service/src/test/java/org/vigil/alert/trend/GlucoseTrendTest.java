package org.vigil.alert.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.alert.history.RecentValue;

class GlucoseTrendTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void ar2FollowsTheNightscoutRecurrenceOnLogGlucose() {
        List<Double> forecast = Ar2.forecast(100, 95, 2);

        double y0 = Math.log(100 / 140.0);
        double y1 = Math.log(95 / 140.0);
        double y2 = -0.723 * y0 + 1.716 * y1;
        double y3 = -0.723 * y1 + 1.716 * y2;
        assertThat(forecast.get(0)).isCloseTo(140 * Math.exp(y2), within(1e-9));
        assertThat(forecast.get(1)).isCloseTo(140 * Math.exp(y3), within(1e-9));
        assertThat(forecast.get(0)).isLessThan(95);
    }

    @Test
    void ar2OfASteadyValueAtTheCentralTendencyStaysThere() {
        assertThat(Ar2.forecast(140, 140, 6)).allSatisfy(v -> assertThat(v).isCloseTo(140, within(1e-9)));
    }

    @Test
    void rateIsTheChangeOverTheLastFifteenMinutes() {
        List<RecentValue> values = series(0, 130, 120, 110, 100);

        assertThat(GlucoseTrend.ratePerMinute(values).getAsDouble()).isCloseTo(-2.0, within(1e-9));
    }

    @Test
    void noRateFromLessThanTenMinutes() {
        assertThat(GlucoseTrend.ratePerMinute(series(0, 130, 100))).isEmpty();
    }

    @Test
    void forecastNeedsTheReadingAboutFiveMinutesBefore() {
        assertThat(GlucoseTrend.lowestForecast(series(0, 100, 90))).isPresent();
        List<RecentValue> gap = List.of(value(0, 100), value(15, 90));
        assertThat(GlucoseTrend.lowestForecast(gap)).isEmpty();
    }

    @Test
    void steadyFallForecastsBelowSeventy() {
        assertThat(GlucoseTrend.lowestForecast(series(0, 90, 80)).getAsDouble()).isLessThan(70);
        assertThat(GlucoseTrend.lowestForecast(series(0, 120, 119)).getAsDouble()).isGreaterThan(70);
    }

    /** Values every 5 minutes from {@code startMinute}. */
    private static List<RecentValue> series(int startMinute, double... values) {
        List<RecentValue> list = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            list.add(value(startMinute + 5 * i, values[i]));
        }
        return list;
    }

    private static RecentValue value(int minute, double value) {
        return new RecentValue("blood-glucose", T0.plusSeconds(60L * minute), value, UUID.randomUUID());
    }
}
