package org.vigil.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigil.service.stream.StreamSlots;
import org.vigil.service.stream.TooManyStreamsException;

class StreamSlotsTest {

    @Test
    void aCallerMayHoldItsCapAndOneMoreOnceOneIsReleased() {
        StreamSlots slots = new StreamSlots(2, 100, Duration.ofSeconds(30));
        StreamSlots.Slot first = slots.acquire("ann");
        slots.acquire("ann");

        assertThatThrownBy(() -> slots.acquire("ann")).isInstanceOf(TooManyStreamsException.class)
                .hasMessageContaining("limit per caller").hasMessageContaining("2");
        assertThat(slots.open()).isEqualTo(2);

        first.release();
        slots.acquire("ann");
        assertThat(slots.open("ann")).isEqualTo(2);
    }

    @Test
    void theTotalCapHoldsAcrossCallers() {
        StreamSlots slots = new StreamSlots(2, 3, Duration.ofSeconds(30));
        slots.acquire("ann");
        slots.acquire("ann");
        StreamSlots.Slot bens = slots.acquire("ben");

        assertThatThrownBy(() -> slots.acquire("cleo")).isInstanceOf(TooManyStreamsException.class)
                .hasMessageContaining("max-total").hasMessageContaining("3");
        assertThat(slots.open("cleo")).isZero();

        bens.release();
        slots.acquire("cleo");
        assertThat(slots.open()).isEqualTo(3);
    }

    @Test
    void aSlotReleasedTwiceCountsOnce() {
        StreamSlots slots = new StreamSlots(1, 10, Duration.ofSeconds(30));
        StreamSlots.Slot slot = slots.acquire("ann");
        slots.acquire("ben");

        slot.release();
        slot.release();

        assertThat(slots.open()).isEqualTo(1);
        assertThat(slots.open("ben")).isEqualTo(1);
        assertThat(slots.open("ann")).isZero();
    }

    @Test
    void aRefusalByTheCallerCapTakesNothingFromTheTotal() {
        StreamSlots slots = new StreamSlots(1, 2, Duration.ofSeconds(30));
        slots.acquire("ann");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> slots.acquire("ann")).isInstanceOf(TooManyStreamsException.class);
        }

        slots.acquire("ben");
        assertThat(slots.open()).isEqualTo(2);
    }
}
