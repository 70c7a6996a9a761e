package org.vigil.alert.trend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.springframework.stereotype.Component;
import org.vigil.alert.history.RecentValue;
import org.vigil.alert.history.RecentValues;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Signal;
import org.vigil.alert.threshold.PatientThresholds;
import org.vigil.alert.threshold.RuleStepper;
import org.vigil.alert.threshold.ThresholdSettings;
import org.vigil.common.events.ReadingRecorded;

/**
 * Trend rules on the recent history of a patient's glucose and weight:
 * <ul>
 * <li>{@code glucose-falling-fast}: the rate of change over the last 15 minutes of CGM readings (at least 10 minutes
 * of them) is below the threshold, default -2 mg/dL/min;</li>
 * <li>{@code glucose-predicted-low}: Nightscout's AR2 forecast ({@link Ar2}) falls below the threshold, default
 * 70 mg/dL, within 30 minutes while the current value is still at or above it (once it is below, {@code glucose-low}
 * takes over and this one resolves);</li>
 * <li>{@code weight-gain}: the weight is up by the threshold or more, default 2 kg, on the lowest of the last 2 days
 * (disabled unless a patient's thresholds enable it).</li>
 * </ul>
 * Each runs through the same anti-fatigue state machine as the thresholds. A trend is judged only at the newest
 * reading: a backlog reading older than the newest one shows a trend that is already over and raises nothing.
 */
@Component
class TrendRules implements ReadingRule {

    static final String GLUCOSE = "blood-glucose";
    static final String WEIGHT = "body-weight";
    static final String FALLING_FAST = "glucose-falling-fast";
    static final String PREDICTED_LOW = "glucose-predicted-low";
    static final String WEIGHT_GAIN = "weight-gain";
    static final Duration WEIGHT_WINDOW = Duration.ofDays(2);

    private final RecentValues history;
    private final PatientThresholds thresholds;
    private final RuleStepper stepper;

    TrendRules(RecentValues history, PatientThresholds thresholds, RuleStepper stepper) {
        this.history = history;
        this.thresholds = thresholds;
        this.stepper = stepper;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        if (!GLUCOSE.equals(reading.type()) && !WEIGHT.equals(reading.type())) {
            return List.of();
        }
        Double value = reading.value();
        if (value == null || !Double.isFinite(value) || value <= 0) {
            return List.of();
        }
        String patient = reading.patientId();
        history.record(patient, reading.type(), reading.time(), value, reading.eventId());
        if (history.newest(patient, reading.type()).map(newest -> newest.isAfter(reading.time())).orElse(false)) {
            return List.of();
        }
        List<Signal> signals = new ArrayList<>();
        for (ThresholdSettings settings : thresholds.enabled(patient, reading.type(), ThresholdSettings.TREND)) {
            signals.addAll(switch (settings.ruleId()) {
                case FALLING_FAST -> fallingFast(settings, reading);
                case PREDICTED_LOW -> predictedLow(settings, reading, value);
                case WEIGHT_GAIN -> weightGain(settings, reading, value);
                default -> List.<Signal>of();
            });
        }
        return signals;
    }

    private List<Signal> fallingFast(ThresholdSettings settings, ReadingRecorded reading) {
        List<RecentValue> window = history.between(reading.patientId(), GLUCOSE,
                reading.time().minus(GlucoseTrend.RATE_WINDOW), reading.time());
        OptionalDouble rate = GlucoseTrend.ratePerMinute(window);
        if (rate.isEmpty()) {
            return List.of();
        }
        double r = rate.getAsDouble();
        boolean breaching = settings.operator().breaches(r, settings.threshold());
        String shown = format(r, 1);
        return stepper.step(settings, reading, breaching,
                !breaching && settings.rule().clears(r, settings.clearMargin()),
                () -> new Breach(settings.ruleId(), GLUCOSE, Breach.CLINICAL, settings.severity(),
                        "Blood glucose changing at " + shown + " mg/dL/min over the last 15 minutes "
                                + settings.operator().phrase() + " " + plain(settings.threshold()) + " mg/dL/min",
                        r, settings.unit(), settings.operator().worse(), reading),
                "Blood glucose changing at " + shown + " mg/dL/min");
    }

    private List<Signal> predictedLow(ThresholdSettings settings, ReadingRecorded reading, double now) {
        List<RecentValue> recent = history.between(reading.patientId(), GLUCOSE,
                reading.time().minus(GlucoseTrend.PREVIOUS_MAX), reading.time());
        OptionalDouble lowest = GlucoseTrend.lowestForecast(recent);
        if (lowest.isEmpty()) {
            return List.of();
        }
        double predicted = lowest.getAsDouble();
        boolean alreadyBeyond = settings.operator().breaches(now, settings.threshold());
        boolean breaching = !alreadyBeyond && settings.operator().breaches(predicted, settings.threshold());
        boolean beyondMargin = alreadyBeyond || settings.rule().clears(predicted, settings.clearMargin());
        String shown = format(predicted, 0);
        return stepper.step(settings, reading, breaching, !breaching && beyondMargin,
                () -> new Breach(settings.ruleId(), GLUCOSE, Breach.CLINICAL, settings.severity(),
                        "Blood glucose " + plain(BigDecimal.valueOf(now)) + " mg/dL is forecast (AR2) to reach "
                                + shown + " mg/dL within 30 minutes, " + settings.operator().phrase() + " "
                                + plain(settings.threshold()) + " mg/dL",
                        predicted, settings.unit(), settings.operator().worse(), reading),
                alreadyBeyond ? "Blood glucose now below the forecast threshold (see glucose-low)"
                        : "Blood glucose forecast back to " + shown + " mg/dL");
    }

    private List<Signal> weightGain(ThresholdSettings settings, ReadingRecorded reading, double now) {
        List<RecentValue> window = history.between(reading.patientId(), WEIGHT,
                reading.time().minus(WEIGHT_WINDOW), reading.time());
        OptionalDouble lowest = window.stream().filter(v -> v.at().isBefore(reading.time()))
                .mapToDouble(RecentValue::value).min();
        if (lowest.isEmpty()) {
            return List.of();
        }
        double gain = BigDecimal.valueOf(now - lowest.getAsDouble()).setScale(3, RoundingMode.HALF_UP).doubleValue();
        boolean breaching = settings.operator().breaches(gain, settings.threshold());
        String shown = format(gain, 1);
        return stepper.step(settings, reading, breaching,
                !breaching && settings.rule().clears(gain, settings.clearMargin()),
                () -> new Breach(settings.ruleId(), WEIGHT, Breach.CLINICAL, settings.severity(),
                        "Body weight up " + shown + " kg within 2 days, " + settings.operator().phrase() + " "
                                + plain(settings.threshold()) + " kg",
                        gain, settings.unit(), settings.operator().worse(), reading),
                "Body weight up " + shown + " kg within 2 days");
    }

    private static String format(double value, int decimals) {
        return plain(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP));
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
