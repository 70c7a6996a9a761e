package org.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryPacerTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aBatchWaitsUntilTheFleetsPreviousBatchHasUsedUpItsShareOfTheRate() {
        HistoryPacer pacer = new HistoryPacer(20);

        assertThat(pacer.tryTake(100, T)).isTrue();
        assertThat(pacer.tryTake(100, T)).as("another device at the same moment").isFalse();
        assertThat(pacer.tryTake(10, T.plusMillis(4_999))).isFalse();
        assertThat(pacer.tryTake(10, T.plusSeconds(5))).as("100 readings at 20 a second take 5 s").isTrue();
        assertThat(pacer.tryTake(10, T.plusMillis(5_499))).isFalse();
        assertThat(pacer.tryTake(10, T.plusMillis(5_500))).isTrue();
    }

    @Test
    void anIdlePacerSavesNothingUpSoItNeverBursts() {
        HistoryPacer pacer = new HistoryPacer(20);

        assertThat(pacer.tryTake(100, T)).isTrue();
        assertThat(pacer.tryTake(100, T.plusSeconds(60))).isTrue();
        assertThat(pacer.tryTake(1, T.plusSeconds(61))).isFalse();
    }
}
