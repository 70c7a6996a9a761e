package org.vigil.alert.rhythm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** RR-interval series (ms) for tests, from fixed seeds so that every run sees the same numbers. */
final class RrSeries {

    private RrSeries() {
    }

    /** Atrial fibrillation: irregularly irregular intervals, independent and uniform in 400..1100 ms (55-150 /min). */
    static List<Double> atrialFibrillation(int beats, long seed) {
        Random random = new Random(seed);
        List<Double> series = new ArrayList<>(beats);
        for (int i = 0; i < beats; i++) {
            series.add(400 + random.nextDouble() * 700);
        }
        return series;
    }

    /**
     * Sinus rhythm at about 75 /min with respiratory sinus arrhythmia (a 4-beat-period swing of 30 ms) and 10 ms of
     * measurement noise, and an isolated premature beat every {@code premature} beats: a short coupling interval
     * (60 %) followed by a compensatory pause, as an atrial or ventricular premature beat makes.
     */
    static List<Double> sinusWithPrematureBeats(int beats, int premature, long seed) {
        Random random = new Random(seed);
        List<Double> series = new ArrayList<>(beats);
        for (int i = 0; i < beats; i++) {
            double sinus = 800 + 30 * Math.sin(2 * Math.PI * i / 4.5) + random.nextGaussian() * 10;
            if (premature > 0 && i % premature == premature - 1) {
                series.add(sinus * 0.6);
            } else if (premature > 0 && i % premature == 0 && i > 0) {
                series.add(sinus * 1.4);
            } else {
                series.add(sinus);
            }
        }
        return series;
    }
}
