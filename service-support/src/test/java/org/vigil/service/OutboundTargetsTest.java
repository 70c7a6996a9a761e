package org.vigil.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class OutboundTargetsTest {

    @Test
    void internalAddressesAreNotPublic() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "224.0.0.251", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::1",
            "::ffff:10.0.0.1", "::ffff:169.254.169.254"}) {
            assertThat(OutboundTargets.isPublic(InetAddress.getByName(internal))).as(internal).isFalse();
        }
        for (String external : new String[] {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1",
            "2606:4700:4700::1111"}) {
            assertThat(OutboundTargets.isPublic(InetAddress.getByName(external))).as(external).isTrue();
        }
    }

    @Test
    void nat64And6to4AddressesAreJudgedByTheIpv4AddressTheyCarry() throws Exception {
        // 64:ff9b::/96 (RFC 6052) and 2002::/16 (RFC 3056) reach the IPv4 address inside through a gateway.
        for (String internal : new String[] {"64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1",
            "64:ff9b::c0a8:1", "2002:7f00:1::1", "2002:a9fe:a9fe::", "2002:a00:1:1::1", "2002:c0a8:101::1",
            "64:ff9b:1::808:808", "64:ff9b:1:ffff::1"}) {
            assertThat(OutboundTargets.isPublic(InetAddress.getByName(internal))).as(internal).isFalse();
        }
        for (String external : new String[] {"64:ff9b::808:808", "2002:808:808::1", "64:ff9c::7f00:1"}) {
            assertThat(OutboundTargets.isPublic(InetAddress.getByName(external))).as(external).isTrue();
        }
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() {
        OutboundTargets.Resolver publicAndInternal = host -> new InetAddress[] {
            InetAddress.getByName("93.184.215.14"), InetAddress.getByName("64:ff9b::a9fe:a9fe")};
        assertThat(OutboundTargets.refusal("https://hooks.example.org/x", false, "url", "public only",
                publicAndInternal)).isPresent();
        OutboundTargets.Resolver unknown = host -> {
            throw new java.net.UnknownHostException(host);
        };
        assertThat(OutboundTargets.refusal("https://hooks.example.org/x", false, "url", "public only", unknown))
                .hasValue("url's host cannot be resolved, so it cannot be checked to be a public address");
    }

    @Test
    void reasonsNameTheFieldAndNeverTheAddress() {
        assertThat(OutboundTargets.refusal("http://127.0.0.1:9/hook", false, "url", "public only"))
                .hasValue("url's host resolves to a loopback, link-local, private or multicast address; public only");
        assertThat(OutboundTargets.refusal("http://127.0.0.1:9/hook", true, "url", "public only")).isEmpty();
        assertThat(OutboundTargets.refusal("ftp://127.0.0.1/hook", true, "channel.endpoint", "x"))
                .hasValue("channel.endpoint must be an absolute http or https URL");
        assertThat(OutboundTargets.refusal("https://user:secret@example.org/hook", true, "url", "x"))
                .hasValue("url must not carry a user name or password");
        assertThat(OutboundTargets.refusal("http://93.184.215.14/hook", false, "url", "x")).isEmpty();
    }
}
