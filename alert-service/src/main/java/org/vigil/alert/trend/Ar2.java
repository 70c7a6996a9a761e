package org.vigil.alert.trend;

import java.util.ArrayList;
import java.util.List;

/**
 * Nightscout's AR2 glucose forecast (the {@code ar2} plugin of cgm-remote-monitor): a second-order autoregressive
 * model on the logarithm of glucose relative to a central tendency of 140 mg/dL, with coefficients
 * {@code [-0.723, 1.716]}, one step per 5 minutes: {@code y(n+1) = -0.723 * y(n-1) + 1.716 * y(n)} where
 * {@code y = ln(bg / 140)}. Pure.
 */
final class Ar2 {

    static final double CENTRAL_TENDENCY = 140;
    static final double[] COEFFICIENTS = {-0.723, 1.716};
    static final int STEP_MINUTES = 5;

    private Ar2() {
    }

    /**
     * The forecast {@code steps} 5-minute steps ahead.
     *
     * @param fiveMinutesAgo the glucose about 5 minutes before {@code now}, mg/dL
     * @param now the current glucose, mg/dL
     * @return the predicted values, mg/dL, the first one 5 minutes after now
     */
    static List<Double> forecast(double fiveMinutesAgo, double now, int steps) {
        double previous = Math.log(fiveMinutesAgo / CENTRAL_TENDENCY);
        double current = Math.log(now / CENTRAL_TENDENCY);
        List<Double> predicted = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            double next = COEFFICIENTS[0] * previous + COEFFICIENTS[1] * current;
            previous = current;
            current = next;
            predicted.add(CENTRAL_TENDENCY * Math.exp(current));
        }
        return predicted;
    }
}
