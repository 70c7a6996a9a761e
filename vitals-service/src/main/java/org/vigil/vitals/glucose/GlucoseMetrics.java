package org.vigil.vitals.glucose;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The CGM metrics of a period, as the international consensus on time in range defines them: Battelino T, Danne T,
 * Bergenstal RM, et al. Clinical Targets for Continuous Glucose Monitoring Data Interpretation: Recommendations From
 * the International Consensus on Time in Range. Diabetes Care 2019;42(8):1593-1603, doi:10.2337/dci19-0028 (the
 * metrics of its Table 1, the ranges and the per-day times of Table 2 and Figure 2, the AGP of Figure 1). The glucose
 * management indicator is Bergenstal RM, Beck RW, Close KL, et al. Glucose Management Indicator (GMI): A New Term for
 * Estimating A1C From Continuous Glucose Monitoring. Diabetes Care 2018;41(11):2275-2280, doi:10.2337/dc18-1581.
 *
 * <p>Choices the papers leave open, made here:
 *
 * <ul>
 *   <li>SD is the sample standard deviation (divisor n - 1): the readings are a sample of a continuous glucose trace,
 *       and it is what the common CGM tools compute (R's {@code sd}, used by the iglu package); with hundreds of
 *       readings the difference from the population SD is far below a reading's precision. One reading has no SD.
 *   <li>The sensor interval is the median gap between consecutive distinct reading times: robust to gaps (sensor
 *       warm-up, signal loss) and to a device's clock jitter. CGM active time is the share of the readings the
 *       period would hold at that interval, {@code distinct reading times / ((to - from) / interval)}, at most 100 %.
 *   <li>Ranges are on the value in mg/dL as stored (VitalType's canonical glucose unit), which may have a decimal:
 *       very low {@code < 54}, low {@code 54 <= v < 70}, in range {@code 70 <= v <= 180}, high
 *       {@code 180 < v <= 250}, very high {@code > 250}; the labels are the consensus's whole-number ones. A range's
 *       percent is its share of the readings; its minutes are that share of a day (the consensus's "time per day",
 *       e.g. 4 % = 58 min).
 *   <li>Percentiles interpolate linearly between the closest ranks (Hyndman and Fan's type 7, numpy's default):
 *       {@code h = (n - 1) p}, {@code x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h])}.
 *   <li>The AGP pools every day of the period by local time of day in the report's time zone, in 96 bins of 15
 *       minutes (a DST day's repeated or skipped hour falls into the bins its wall-clock times name); a bin without
 *       readings has null percentiles. No smoothing.
 * </ul>
 */
final class GlucoseMetrics {

    static final String UNIT = "mg/dL";
    static final int AGP_BIN_MINUTES = 15;
    static final int MINUTES_PER_DAY = 24 * 60;
    /** Bergenstal 2018: GMI (%) = 3.31 + 0.02392 x mean glucose in mg/dL. */
    static final double GMI_INTERCEPT = 3.31;
    static final double GMI_SLOPE = 0.02392;
    static final double[] AGP_PERCENTILES = {0.05, 0.25, 0.50, 0.75, 0.95};

    private GlucoseMetrics() {
    }

    /** One glucose reading in mg/dL. */
    record Sample(Instant time, double mgPerDl) {
    }

    /** A glucose range of the consensus, with the bounds that decide which values fall into it. */
    enum GlucoseRange {
        VERY_LOW("very-low", "< 54 mg/dL"),
        LOW("low", "54–69 mg/dL"),
        IN_RANGE("in-range", "70–180 mg/dL"),
        HIGH("high", "181–250 mg/dL"),
        VERY_HIGH("very-high", "> 250 mg/dL");

        final String code;
        final String label;

        GlucoseRange(String code, String label) {
            this.code = code;
            this.label = label;
        }

        static GlucoseRange of(double mgPerDl) {
            if (mgPerDl < 54) {
                return VERY_LOW;
            }
            if (mgPerDl < 70) {
                return LOW;
            }
            if (mgPerDl <= 180) {
                return IN_RANGE;
            }
            if (mgPerDl <= 250) {
                return HIGH;
            }
            return VERY_HIGH;
        }
    }

    record RangeShare(String code, String label, @Nullable Double percent, @Nullable Double minutes) {
    }

    /** Column arrays for a chart: per 15-minute bin of the day, the glucose percentiles (null for an empty bin). */
    record Agp(List<Integer> minuteOfDay, List<@Nullable Double> p5, List<@Nullable Double> p25,
            List<@Nullable Double> p50, List<@Nullable Double> p75, List<@Nullable Double> p95) {
    }

    record Report(String patientId, Instant from, Instant to, String timeZone, String unit, int readings,
            @Nullable Double sensorIntervalMinutes, @Nullable Double activePercent, @Nullable Double mean,
            @Nullable Double sd, @Nullable Double cvPercent, @Nullable Double gmiPercent, List<RangeShare> ranges,
            Agp agp) {
    }

    /** The report of {@code samples}, which are the readings with {@code from <= time <= to}, in time order. */
    static Report report(String patientId, Instant from, Instant to, ZoneId zone, List<Sample> samples) {
        int n = samples.size();
        double[] values = samples.stream().mapToDouble(Sample::mgPerDl).toArray();
        Double interval = sensorIntervalMinutes(samples);
        Double active = interval == null ? null : activePercent(samples, from, to, interval);
        Double mean = n == 0 ? null : mean(values);
        Double sd = n < 2 || mean == null ? null : sampleSd(values, mean);
        Double cv = sd == null || mean == null ? null : 100 * sd / mean;
        Double gmi = mean == null ? null : GMI_INTERCEPT + GMI_SLOPE * mean;
        return new Report(patientId, from, to, zone.getId(), UNIT, n, interval, active, mean, sd, cv, gmi,
                ranges(values), agp(samples, zone));
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Two passes over the values, so that large means do not cost precision. */
    static double sampleSd(double[] values, double mean) {
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** The median gap in minutes between consecutive distinct reading times; null with fewer than two. */
    static @Nullable Double sensorIntervalMinutes(List<Sample> samples) {
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Duration gap = Duration.between(samples.get(i - 1).time(), samples.get(i).time());
            if (gap.isPositive()) {
                gaps.add(gap.toNanos() / 60e9);
            }
        }
        if (gaps.isEmpty()) {
            return null;
        }
        return percentile(gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5);
    }

    static @Nullable Double activePercent(List<Sample> samples, Instant from, Instant to, double intervalMinutes) {
        double periodMinutes = Duration.between(from, to).toNanos() / 60e9;
        if (periodMinutes <= 0) {
            return null;
        }
        long distinct = samples.stream().map(Sample::time).distinct().count();
        return Math.min(100, 100 * distinct / (periodMinutes / intervalMinutes));
    }

    static List<RangeShare> ranges(double[] values) {
        int[] counts = new int[GlucoseRange.values().length];
        for (double v : values) {
            counts[GlucoseRange.of(v).ordinal()]++;
        }
        List<RangeShare> shares = new ArrayList<>();
        for (GlucoseRange range : GlucoseRange.values()) {
            Double percent = values.length == 0 ? null : 100.0 * counts[range.ordinal()] / values.length;
            shares.add(new RangeShare(range.code, range.label, percent,
                    percent == null ? null : percent / 100 * MINUTES_PER_DAY));
        }
        return shares;
    }

    /** Linear interpolation between closest ranks (type 7) of an ascending, non-empty array; {@code p} in [0, 1]. */
    static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int low = (int) Math.floor(h);
        if (low + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]);
    }

    static Agp agp(List<Sample> samples, ZoneId zone) {
        Agp agp = new Agp(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        if (samples.isEmpty()) {
            return agp;
        }
        int bins = MINUTES_PER_DAY / AGP_BIN_MINUTES;
        List<List<Double>> byBin = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            byBin.add(new ArrayList<>());
        }
        for (Sample sample : samples) {
            LocalTime local = sample.time().atZone(zone).toLocalTime();
            byBin.get((local.getHour() * 60 + local.getMinute()) / AGP_BIN_MINUTES).add(sample.mgPerDl());
        }
        List<List<@Nullable Double>> columns = List.of(agp.p5(), agp.p25(), agp.p50(), agp.p75(), agp.p95());
        for (int bin = 0; bin < bins; bin++) {
            agp.minuteOfDay().add(bin * AGP_BIN_MINUTES);
            double[] sorted = byBin.get(bin).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            for (int i = 0; i < AGP_PERCENTILES.length; i++) {
                columns.get(i).add(sorted.length == 0 ? null : percentile(sorted, AGP_PERCENTILES[i]));
            }
        }
        return agp;
    }
}
