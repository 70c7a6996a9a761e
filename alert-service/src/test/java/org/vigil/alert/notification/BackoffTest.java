package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10));

    @Test
    void startsAtOneSecondAndDoublesAfterEveryFailure() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(10)).isEqualTo(Duration.ofSeconds(512));
    }

    @Test
    void isCappedAtTenMinutesHoweverManyFailures() {
        assertThat(backoff.after(11)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.after(1_000)).isEqualTo(Duration.ofMinutes(10));
    }
}
