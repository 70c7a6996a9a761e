package org.vigil.alert.trend;

import java.util.List;
import java.util.OptionalDouble;
import org.vigil.alert.history.RecentValue;

/**
 * Opens alert-service's glucose trend arithmetic ({@link GlucoseTrend}, {@link Ar2}; package-private there) to the
 * simulator's tests, so that the demo's CGM values are judged by the trend rules' own code.
 */
public final class GlucoseTrendForSimulator {

    private GlucoseTrendForSimulator() {
    }

    /** The lowest AR2 forecast within 30 minutes, as glucose-predicted-low takes it; oldest first. */
    public static OptionalDouble lowestForecast(List<RecentValue> oldestFirst) {
        return GlucoseTrend.lowestForecast(oldestFirst);
    }

    /** The rate over the last 15 minutes in mg/dL/min, as glucose-falling-fast takes it; oldest first. */
    public static OptionalDouble ratePerMinute(List<RecentValue> oldestFirst) {
        return GlucoseTrend.ratePerMinute(oldestFirst);
    }
}
