package org.vigil.alert.trend;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.vigil.alert.history.RecentValue;

/** Pure glucose trend arithmetic over CGM readings (oldest first). */
final class GlucoseTrend {

    /** The rate is taken over the last 15 minutes of readings... */
    static final Duration RATE_WINDOW = Duration.ofMinutes(15);
    /** ...which must span at least 10 minutes (three 5-minute CGM readings), so that one noisy pair is not a trend. */
    static final Duration RATE_MIN_SPAN = Duration.ofMinutes(10);
    /** AR2 needs the reading about 5 minutes before the current one: 2.5 to 7.5 minutes before. */
    static final Duration PREVIOUS_MIN = Duration.ofSeconds(150);
    static final Duration PREVIOUS_MAX = Duration.ofSeconds(450);
    /** How far ahead the forecast looks: 30 minutes, six AR2 steps. */
    static final int FORECAST_STEPS = 6;

    private GlucoseTrend() {
    }

    /**
     * The rate of change in mg/dL/min at the last reading: (last - first) / minutes between them, over the readings of
     * the last {@link #RATE_WINDOW}; empty if they span less than {@link #RATE_MIN_SPAN}.
     */
    static OptionalDouble ratePerMinute(List<RecentValue> oldestFirst) {
        if (oldestFirst.size() < 2) {
            return OptionalDouble.empty();
        }
        RecentValue last = oldestFirst.getLast();
        Instant from = last.at().minus(RATE_WINDOW);
        RecentValue first = oldestFirst.stream().filter(v -> !v.at().isBefore(from)).findFirst().orElse(last);
        Duration span = Duration.between(first.at(), last.at());
        if (span.compareTo(RATE_MIN_SPAN) < 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((last.value() - first.value()) / (span.toMillis() / 60_000.0));
    }

    /**
     * The lowest AR2 forecast over the next 30 minutes from the last reading and the one about 5 minutes before it;
     * empty without such a pair.
     */
    static OptionalDouble lowestForecast(List<RecentValue> oldestFirst) {
        if (oldestFirst.size() < 2) {
            return OptionalDouble.empty();
        }
        RecentValue last = oldestFirst.getLast();
        for (int i = oldestFirst.size() - 2; i >= 0; i--) {
            RecentValue candidate = oldestFirst.get(i);
            Duration gap = Duration.between(candidate.at(), last.at());
            if (gap.compareTo(PREVIOUS_MIN) >= 0 && gap.compareTo(PREVIOUS_MAX) <= 0) {
                return Ar2.forecast(candidate.value(), last.value(), FORECAST_STEPS).stream()
                        .mapToDouble(Double::doubleValue).min();
            }
            if (gap.compareTo(PREVIOUS_MAX) > 0) {
                break;
            }
        }
        return OptionalDouble.empty();
    }
}
