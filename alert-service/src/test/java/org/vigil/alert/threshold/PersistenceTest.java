package org.vigil.alert.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.alert.rule.Operator;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.threshold.Persistence.Action;

class PersistenceTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private RuleState state;

    @Test
    void raisesOnlyAfterNConsecutiveBreaches() {
        ThresholdSettings three = settings(3, Duration.ZERO, 1);

        assertThat(step(three, 0, true)).isEqualTo(Action.NONE);
        assertThat(step(three, 1, true)).isEqualTo(Action.NONE);
        assertThat(step(three, 2, true)).isEqualTo(Action.BREACH);
        assertThat(step(three, 3, true)).isEqualTo(Action.BREACH);
    }

    @Test
    void aNormalReadingRestartsTheCount() {
        ThresholdSettings three = settings(3, Duration.ZERO, 1);

        step(three, 0, true);
        step(three, 1, true);
        step(three, 2, false);
        assertThat(step(three, 3, true)).isEqualTo(Action.NONE);
        assertThat(step(three, 4, true)).isEqualTo(Action.NONE);
        assertThat(step(three, 5, true)).isEqualTo(Action.BREACH);
    }

    @Test
    void raisesOnlyOnceTheBreachHasLastedTheMinimumDuration() {
        ThresholdSettings tenMinutes = settings(1, Duration.ofMinutes(10), 1);

        assertThat(step(tenMinutes, 0, true)).isEqualTo(Action.NONE);
        assertThat(step(tenMinutes, 5, true)).isEqualTo(Action.NONE);
        assertThat(step(tenMinutes, 10, true)).isEqualTo(Action.BREACH);
    }

    @Test
    void clearsOnlyAfterMReadingsBeyondTheMargin() {
        ThresholdSettings twoToClear = settings(1, Duration.ZERO, 2);

        assertThat(step(twoToClear, 0, true)).isEqualTo(Action.BREACH);
        assertThat(step(twoToClear, 1, false, true)).isEqualTo(Action.NONE);
        assertThat(step(twoToClear, 2, false, false)).isEqualTo(Action.NONE);
        assertThat(step(twoToClear, 3, false, true)).isEqualTo(Action.NONE);
        assertThat(step(twoToClear, 4, false, true)).isEqualTo(Action.CLEAR);
        assertThat(step(twoToClear, 5, false, true)).isEqualTo(Action.NONE);
    }

    @Test
    void olderBreachThanANewerNormalReadingDoesNotRaise() {
        ThresholdSettings one = settings(1, Duration.ZERO, 1);

        step(one, 10, false);
        assertThat(step(one, 5, true)).isEqualTo(Action.NONE);
        assertThat(state.newestAt()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void redeliveredReadingChangesNoCount() {
        ThresholdSettings two = settings(2, Duration.ZERO, 1);
        UUID reading = UUID.randomUUID();

        Persistence.Step first = Persistence.step(null, two, T0, reading, true, false);
        Persistence.Step again = Persistence.step(first.state(), two, T0, reading, true, false);

        assertThat(again.state()).isNull();
        assertThat(again.action()).isEqualTo(Action.NONE);
    }

    private Action step(ThresholdSettings settings, int minute, boolean breaching) {
        return step(settings, minute, breaching, !breaching);
    }

    private Action step(ThresholdSettings settings, int minute, boolean breaching, boolean beyondMargin) {
        Persistence.Step step = Persistence.step(state, settings, T0.plusSeconds(60L * minute), UUID.randomUUID(),
                breaching, beyondMargin);
        if (step.state() != null) {
            state = step.state();
        }
        return step.action();
    }

    private static ThresholdSettings settings(int consecutive, Duration minDuration, int clearReadings) {
        return new ThresholdSettings("heart-rate-high", "heart-rate", null, "threshold", Operator.GT,
                new BigDecimal("130"), "/min", Severity.HIGH, true, consecutive, minDuration, BigDecimal.TEN,
                clearReadings, "test", false);
    }
}
