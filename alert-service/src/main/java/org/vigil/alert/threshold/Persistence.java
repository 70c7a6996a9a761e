package org.vigil.alert.threshold;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The anti-fatigue state machine of one rule for one patient, pure: raise only after {@code consecutive} breaching
 * readings spanning at least {@code minDuration}; while raised, every breach may update the alert with a worse value;
 * clear only after {@code clearReadings} readings in a row beyond the clearing margin. A reading older than the newest
 * one seen (or the newest one again, redelivered) changes no state, and can only update an alert that the newest
 * reading shows still breaching, never raise one for a condition already over.
 */
final class Persistence {

    enum Action { NONE, BREACH, CLEAR }

    record Step(@Nullable RuleState state, Action action) {
    }

    private Persistence() {
    }

    /**
     * @param breaching whether this reading breaches
     * @param beyondMargin whether it is far enough inside the normal range to count towards clearing
     * @return the new state (null: unchanged) and what to signal
     */
    static Step step(@Nullable RuleState state, ThresholdSettings settings, Instant time, UUID readingId,
            boolean breaching, boolean beyondMargin) {
        if (state != null && (time.isBefore(state.newestAt()) || readingId.equals(state.newestReading()))) {
            boolean stillBreaching = breaching && state.raised() && state.newestBreaching();
            return new Step(null, stillBreaching ? Action.BREACH : Action.NONE);
        }
        if (breaching) {
            int count = (state == null ? 0 : state.breachCount()) + 1;
            Instant since = state == null || state.breachSince() == null ? time : state.breachSince();
            boolean qualifies = count >= settings.consecutive()
                    && Duration.between(since, time).compareTo(settings.minDuration()) >= 0;
            boolean raised = (state != null && state.raised()) || qualifies;
            return new Step(new RuleState(time, readingId, true, count, since, 0, raised),
                    raised ? Action.BREACH : Action.NONE);
        }
        if (state == null || !state.raised()) {
            return new Step(new RuleState(time, readingId, false, 0, null, 0, false), Action.NONE);
        }
        int clears = beyondMargin ? state.clearCount() + 1 : 0;
        if (clears >= settings.clearReadings()) {
            return new Step(new RuleState(time, readingId, false, 0, null, 0, false), Action.CLEAR);
        }
        return new Step(new RuleState(time, readingId, false, 0, null, clears, true), Action.NONE);
    }
}
