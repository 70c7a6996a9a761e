package org.vigil.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    private final ClientAddress gatewayOnly = new ClientAddress(List.of("10.42.0.0/16", "::1/128"));

    private static MockHttpServletRequest from(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/patients");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    @Test
    void aCallerReachingTheServiceDirectlyIsRecordedWithItsOwnAddressWhateverItWrites() {
        assertThat(gatewayOnly.of(from("192.0.2.7", "203.0.113.66"))).isEqualTo("192.0.2.7");
    }

    @Test
    void fromTheGatewayTheHopItAppendedCountsNotTheOnesTheCallerWrote() {
        assertThat(gatewayOnly.of(from("10.42.3.9", "203.0.113.66, 198.51.100.20"))).isEqualTo("198.51.100.20");
        assertThat(gatewayOnly.of(from("10.42.3.9", "198.51.100.20"))).isEqualTo("198.51.100.20");
        assertThat(gatewayOnly.of(from("::1", "198.51.100.21"))).isEqualTo("198.51.100.21");
    }

    @Test
    void fromTheGatewayWithoutTheHeaderThePeerCounts() {
        assertThat(gatewayOnly.of(from("10.42.3.9", null))).isEqualTo("10.42.3.9");
        assertThat(gatewayOnly.of(from("10.42.3.9", " , "))).isEqualTo("10.42.3.9");
    }

    @Test
    void blocksAreMatchedBitByBit() {
        assertThat(gatewayOnly.trusts("10.42.255.255")).isTrue();
        assertThat(gatewayOnly.trusts("10.43.0.1")).isFalse();
        assertThat(gatewayOnly.trusts("::2")).isFalse();
        assertThat(gatewayOnly.trusts("localhost")).isFalse();
        assertThat(new ClientAddress(List.of("127.0.0.1")).trusts("127.0.0.2")).isFalse();
    }

    @Test
    void aBadEntryStopsTheStart() {
        assertThatThrownBy(() -> new ClientAddress(List.of("gateway.local")))
                .hasMessageContaining("'gateway.local' is not an IP address or CIDR block");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).hasMessageContaining("bad prefix length");
    }
}
