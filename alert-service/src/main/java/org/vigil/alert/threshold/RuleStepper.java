package org.vigil.alert.threshold;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Clear;
import org.vigil.alert.rule.Signal;
import org.vigil.common.events.ReadingRecorded;

/**
 * Runs one rule's {@link Persistence} state machine for a reading against the stored state, saves the new state and
 * turns the outcome into signals. Shared by the threshold rules and the trend rules, so that both get N-consecutive,
 * minimum duration and hysteresis from the same settings.
 */
@Component
public class RuleStepper {

    private final RuleStates states;

    RuleStepper(RuleStates states) {
        this.states = states;
    }

    /**
     * @param breaching whether the reading (or the rate, forecast or change it completes) breaches the rule
     * @param beyondMargin whether it is far enough inside the normal range to count towards clearing
     * @param breach the breach to signal, made only if one is signalled
     * @param clearReason for the resolved alert's history
     */
    public List<Signal> step(ThresholdSettings settings, ReadingRecorded reading, boolean breaching,
            boolean beyondMargin, Supplier<Breach> breach, String clearReason) {
        String patient = reading.patientId();
        Persistence.Step step = Persistence.step(states.find(patient, settings.ruleId()).orElse(null), settings,
                reading.time(), reading.eventId(), breaching, beyondMargin);
        if (step.state() != null) {
            states.save(patient, settings.ruleId(), step.state());
        }
        return switch (step.action()) {
            case NONE -> List.of();
            case BREACH -> List.of(breach.get());
            case CLEAR -> List.of(new Clear(patient, settings.ruleId(), reading.time(), clearReason));
        };
    }
}
