package org.vigil.alert.threshold;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Signal;
import org.vigil.alert.rule.ThresholdRule;
import org.vigil.common.events.ReadingRecorded;

/**
 * The threshold rules as they apply to the reading's patient (defaults and overrides, read per reading), each through
 * its anti-fatigue state machine: raised after N consecutive breaching readings or a minimum duration, updated with
 * the worst value while open, resolved automatically after the hysteresis. Exactly 0 for heart rate, respiratory rate
 * and SpO2 is a sensor that is off, not a value: ignored here (technical alerts are raised for it elsewhere).
 */
@Component
class ThresholdRules implements ReadingRule {

    private static final Set<String> ZERO_IS_SENSOR_OFF = Set.of("heart-rate", "respiratory-rate", "spo2");

    private final PatientThresholds thresholds;
    private final RuleStepper stepper;

    ThresholdRules(PatientThresholds thresholds, RuleStepper stepper) {
        this.thresholds = thresholds;
        this.stepper = stepper;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        List<Signal> signals = new ArrayList<>();
        for (ThresholdSettings settings : thresholds.enabled(reading.patientId(), reading.type(),
                ThresholdSettings.THRESHOLD)) {
            ThresholdRule rule = settings.rule();
            Double value = rule.valueOf(reading);
            if (value == null || (value == 0 && ZERO_IS_SENSOR_OFF.contains(reading.type()))) {
                continue;
            }
            boolean breaching = rule.operator().breaches(value, rule.threshold());
            boolean beyondMargin = !breaching && rule.clears(value, settings.clearMargin());
            signals.addAll(stepper.step(settings, reading, breaching, beyondMargin,
                    () -> rule.evaluate(reading, context).map(b -> (Breach) b).orElseThrow(),
                    rule.label() + " back to " + BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                            + " " + rule.unit()));
        }
        return signals;
    }
}
