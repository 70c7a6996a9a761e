package org.vigil.alert.rhythm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Clear;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.Signal;
import org.vigil.alert.rule.Worse;
import org.vigil.alert.rhythm.RhythmStates.RhythmState;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.VitalType;

/**
 * Rule {@code possible-af}: raises a clinical alert when a {@value DashIrregularity#SEGMENT}-beat segment of the
 * patient's RR intervals is atrial fibrillation by {@link DashIrregularity}, and resolves it after
 * {@code vigil.alert.rhythm.clear-after-segments} consecutive segments that are not.
 *
 * <p>Wearables report shorter windows than a segment (a minute is about 60-100 beats), so intervals are accumulated per
 * patient across consecutive readings in {@code rhythm_state}. A window that starts more than
 * {@code vigil.alert.rhythm.max-gap} after the previous one ended begins a new series (beats across a gap are not
 * consecutive). A window no later than the last one taken in (a backlog upload, a redelivery) is ignored: its beats
 * cannot be placed in the series, and AF that was already over must not raise an alert now.
 *
 * <p>Severity medium (urgent response, not emergency): AF found by a wearable needs a clinician to confirm it on an ECG
 * within hours and consider anticoagulation for its stroke risk, but it is rarely an emergency by itself; a fast
 * ventricular rate, which can be, raises its own high-severity heart-rate alert.
 */
@Component
class PossibleAfRule implements ReadingRule {

    static final String RULE_ID = "possible-af";

    private final RhythmStates states;
    private final Clock clock;
    private final int clearAfterSegments;
    private final Duration maxGap;

    PossibleAfRule(RhythmStates states, Clock clock,
            @Value("${vigil.alert.rhythm.clear-after-segments:3}") int clearAfterSegments,
            @Value("${vigil.alert.rhythm.max-gap:PT2M}") Duration maxGap) {
        if (clearAfterSegments < 1) {
            throw new IllegalArgumentException("vigil.alert.rhythm.clear-after-segments must be at least 1");
        }
        this.states = states;
        this.clock = clock;
        this.clearAfterSegments = clearAfterSegments;
        this.maxGap = maxGap;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        List<Double> intervals = reading.values();
        if (!VitalType.RR_INTERVALS.code().equals(reading.type()) || intervals == null || intervals.isEmpty()) {
            return List.of();
        }
        Optional<RhythmState> previous = states.find(reading.patientId());
        if (previous.isPresent() && !reading.time().isAfter(previous.get().lastWindowAt())) {
            return List.of();
        }
        List<Double> pending = new ArrayList<>();
        boolean afActive = false;
        int regular = 0;
        if (previous.isPresent()) {
            RhythmState state = previous.get();
            afActive = state.afActive();
            regular = state.regularSegments();
            if (!reading.time().isAfter(state.seriesEnd().plus(maxGap))) {
                pending.addAll(state.pending());
            }
        }
        pending.addAll(intervals);

        List<Signal> signals = new ArrayList<>();
        while (pending.size() >= DashIrregularity.SEGMENT) {
            List<Double> segment = List.copyOf(pending.subList(0, DashIrregularity.SEGMENT));
            pending.subList(0, DashIrregularity.SEGMENT).clear();
            DashIrregularity.Assessment assessment = DashIrregularity.assess(segment);
            if (assessment.atrialFibrillation()) {
                afActive = true;
                regular = 0;
                signals.add(breach(reading, assessment));
            } else if (afActive && ++regular >= clearAfterSegments) {
                afActive = false;
                regular = 0;
                signals.add(new Clear(reading.patientId(), RULE_ID, reading.time(), clearAfterSegments
                        + " consecutive " + DashIrregularity.SEGMENT + "-beat segments without atrial fibrillation"));
            }
        }
        double windowMillis = intervals.stream().mapToDouble(Double::doubleValue).sum();
        Instant seriesEnd = reading.time().plusMillis(Math.round(windowMillis));
        states.save(new RhythmState(reading.patientId(), pending, reading.time(), seriesEnd, afActive, regular),
                clock.instant());
        return signals;
    }

    private static Breach breach(ReadingRecorded reading, DashIrregularity.Assessment a) {
        String message = String.format(Locale.ROOT, "Possible atrial fibrillation: %d consecutive RR intervals are"
                + " irregularly irregular (normalised RMSSD %.2f > %.1f, Shannon entropy %.2f > %.1f, turning-point"
                + " ratio %.2f within %.2f-%.2f; Dash et al., Ann Biomed Eng 2009)", DashIrregularity.SEGMENT,
                a.normalisedRmssd(), DashIrregularity.RMSSD_THRESHOLD, a.shannonEntropy(),
                DashIrregularity.ENTROPY_THRESHOLD, a.turningPointRatio(), DashIrregularity.TPR_LOW,
                DashIrregularity.TPR_HIGH);
        return new Breach(RULE_ID, reading.type(), Breach.CLINICAL, Severity.MEDIUM, message,
                Math.round(a.normalisedRmssd() * 1000) / 1000.0, null, Worse.HIGHER, reading);
    }
}
