package org.vigil.alert.rhythm;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Atrial fibrillation detection from RR-interval irregularity, after Dash S, Chon KH, Lu S, Raeder EA. "Automatic real
 * time detection of atrial fibrillation." Ann Biomed Eng 2009;37(9):1701-1709, doi:10.1007/s10439-009-9740-z.
 *
 * <p>A segment of {@value #SEGMENT} consecutive RR intervals is called AF when it is irregular by all three of the
 * paper's statistics, each against the paper's threshold:
 * <ul>
 * <li>normalised RMSSD (root mean square of successive differences divided by the mean interval) above
 * {@value #RMSSD_THRESHOLD}: the beat-to-beat variability is large for the rate;</li>
 * <li>Shannon entropy of the intervals' histogram ({@value #BINS} equal bins between the smallest and largest interval,
 * normalised by log {@value #BINS} so that it lies in 0..1) above {@value #ENTROPY_THRESHOLD}: the intervals are spread,
 * not clustered;</li>
 * <li>turning-point ratio (intervals that are a local peak or trough, divided by the segment length) strictly between
 * {@value #TPR_LOW} and {@value #TPR_HIGH}: the order is random. For a random series of N values the expected count is
 * (2N-4)/3, about 0.656 N, with standard deviation sqrt((16N-29)/90); the bounds are that mean plus and minus about
 * three standard deviations for N = 128. Sinus rhythm, even with respiratory variation, has too few turning points.</li>
 * </ul>
 * Before RMSSD and entropy, the {@value #OUTLIERS} largest and {@value #OUTLIERS} smallest intervals of the segment are
 * removed (the paper's ectopic-beat filter: a premature beat makes one short and one long interval), leaving 112 in
 * their original order; the turning-point ratio is taken on the whole segment, as in the paper.
 *
 * <p>All three must hold: RMSSD alone also flags frequent ectopy, entropy alone flags slow drifts of rate, and the
 * turning-point ratio alone flags noise in regular rhythm.
 */
final class DashIrregularity {

    static final int SEGMENT = 128;
    static final int OUTLIERS = 8;
    static final int BINS = 16;
    static final double RMSSD_THRESHOLD = 0.1;
    static final double ENTROPY_THRESHOLD = 0.7;
    static final double TPR_LOW = 0.54;
    static final double TPR_HIGH = 0.77;

    /** The three statistics of a segment and the verdict. */
    record Assessment(double normalisedRmssd, double shannonEntropy, double turningPointRatio, boolean atrialFibrillation) {
    }

    private DashIrregularity() {
    }

    /** @param segment exactly {@value #SEGMENT} RR intervals, in the order the beats came */
    static Assessment assess(List<Double> segment) {
        if (segment.size() != SEGMENT) {
            throw new IllegalArgumentException("a segment has " + SEGMENT + " intervals, not " + segment.size());
        }
        double[] all = segment.stream().mapToDouble(Double::doubleValue).toArray();
        double[] trimmed = withoutOutliers(all, OUTLIERS);
        double rmssd = normalisedRmssd(trimmed);
        double entropy = shannonEntropy(trimmed, BINS);
        double tpr = turningPointRatio(all);
        return new Assessment(rmssd, entropy, tpr, isAtrialFibrillation(rmssd, entropy, tpr));
    }

    static boolean isAtrialFibrillation(double normalisedRmssd, double shannonEntropy, double turningPointRatio) {
        return normalisedRmssd > RMSSD_THRESHOLD && shannonEntropy > ENTROPY_THRESHOLD
                && turningPointRatio > TPR_LOW && turningPointRatio < TPR_HIGH;
    }

    /** The series without its {@code count} largest and {@code count} smallest values, in the original order. */
    static double[] withoutOutliers(double[] series, int count) {
        Integer[] byValue = IntStream.range(0, series.length).boxed().toArray(Integer[]::new);
        Arrays.sort(byValue, Comparator.<Integer>comparingDouble(i -> series[i]).thenComparingInt(i -> i));
        boolean[] dropped = new boolean[series.length];
        for (int k = 0; k < count; k++) {
            dropped[byValue[k]] = true;
            dropped[byValue[series.length - 1 - k]] = true;
        }
        return IntStream.range(0, series.length).filter(i -> !dropped[i]).mapToDouble(i -> series[i]).toArray();
    }

    /** RMSSD divided by the mean. */
    static double normalisedRmssd(double[] series) {
        double sumOfSquares = 0;
        for (int i = 1; i < series.length; i++) {
            double d = series[i] - series[i - 1];
            sumOfSquares += d * d;
        }
        double rmssd = Math.sqrt(sumOfSquares / (series.length - 1));
        return rmssd / Arrays.stream(series).average().orElseThrow();
    }

    /** Entropy of the histogram in {@code bins} equal bins from min to max, divided by log(bins); 0 if all equal. */
    static double shannonEntropy(double[] series, int bins) {
        double min = Arrays.stream(series).min().orElseThrow();
        double max = Arrays.stream(series).max().orElseThrow();
        if (max == min) {
            return 0;
        }
        int[] counts = new int[bins];
        for (double x : series) {
            counts[Math.min(bins - 1, (int) ((x - min) / (max - min) * bins))]++;
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / series.length;
                entropy -= p * Math.log(p);
            }
        }
        return entropy / Math.log(bins);
    }

    /** Values strictly above or strictly below both neighbours, divided by the series' length. */
    static double turningPointRatio(double[] series) {
        int turningPoints = 0;
        for (int i = 1; i < series.length - 1; i++) {
            boolean peak = series[i] > series[i - 1] && series[i] > series[i + 1];
            boolean trough = series[i] < series[i - 1] && series[i] < series[i + 1];
            if (peak || trough) {
                turningPoints++;
            }
        }
        return (double) turningPoints / series.length;
    }
}
