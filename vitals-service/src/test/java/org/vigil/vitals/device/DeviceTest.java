package org.vigil.vitals.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceTest {

    private static final Instant MONDAY = Instant.parse("2026-11-16T08:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-20T17:30:00Z");

    private final Device device = new Device("dev-1", "SN-1", "Acme", "HR-1", MONDAY);

    @Test
    void aNewAssignmentEndsTheCurrentOneWhereItStarts() {
        device.assignTo("alice", MONDAY);
        device.assignTo("bob", FRIDAY);

        assertThat(device.assignments()).hasSize(2);
        assertThat(device.assignments().get(0).patientId()).isEqualTo("alice");
        assertThat(device.assignments().get(0).to()).isEqualTo(FRIDAY);
        assertThat(device.assignments().get(1).patientId()).isEqualTo("bob");
        assertThat(device.assignments().get(1).from()).isEqualTo(FRIDAY);
        assertThat(device.assignments().get(1).isCurrent()).isTrue();
    }

    @Test
    void historyCannotBeRewrittenByAnAssignmentStartingBeforeTheCurrentOne() {
        device.assignTo("alice", FRIDAY);

        assertThatThrownBy(() -> device.assignTo("bob", MONDAY)).isInstanceOf(AssignmentRejectedException.class);
        assertThat(device.assignments()).singleElement()
                .satisfies(current -> assertThat(current.isCurrent()).isTrue());
    }

    @Test
    void tokensAreRandomAndOnlyTheirLowercaseHexSha256IsKept() {
        String token = DeviceTokens.newToken();

        assertThat(token).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(DeviceTokens.newToken());
        assertThat(DeviceTokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
