package org.vigil.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection goes to the address that was checked: a receiver on loopback stands for an internal service, and a
 * fake resolver for a DNS server that answers what an attacker wants.
 */
class OutboundHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> lengths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        receiver.createContext("/", exchange -> {
            lengths.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Length")));
            received.add(exchange.getRequestHeaders().getFirst("Host") + " "
                    + exchange.getRequestHeaders().getFirst("X-Signature") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String url(String host) {
        return "http://" + host + ":" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void connectsToTheAddressItResolvedAndCheckedKeepingTheHostName() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        OutboundTargets.Resolver dns = host -> {
            lookups.incrementAndGet();
            assertThat(host).isEqualTo("hooks.vigil.invalid");
            return new InetAddress[] {LOOPBACK};
        };
        try (OutboundHttp http = new OutboundHttp(true, TIMEOUT, "url", "public only", dns)) {
            int status = http.post(url("hooks.vigil.invalid"), List.of(new OutboundHttp.Header("X-Signature", "s1")),
                    "{}".getBytes(StandardCharsets.UTF_8), "application/json");

            assertThat(status).isEqualTo(204);
        }
        // .invalid never resolves (RFC 6761): the request reached the receiver only through the resolver's answer.
        assertThat(received).containsExactly("hooks.vigil.invalid:" + receiver.getAddress().getPort() + " s1 {}");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aNameThatWasPublicWhenCheckedAndRebindsIntoTheNetworkIsNeverConnectedTo() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        OutboundTargets.Resolver rebinding = host -> lookups.getAndIncrement() == 0
                ? new InetAddress[] {InetAddress.getByName("93.184.215.14")}
                : new InetAddress[] {LOOPBACK};
        String target = url("rebind.vigil.invalid");
        assertThat(OutboundTargets.refusal(target, false, "url", "public only", rebinding)).isEmpty();

        try (OutboundHttp http = new OutboundHttp(false, TIMEOUT, "url", "public only", rebinding)) {
            assertThatThrownBy(() -> http.post(target, List.of(), new byte[0], "application/json"))
                    .isInstanceOf(OutboundHttp.RefusedTargetException.class)
                    .hasMessage("url's host resolves to a loopback, link-local, private or multicast address; "
                            + "public only");
        }
        assertThat(received).isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void internalAddressLiteralsAndUnresolvableNamesAreRefusedUnlessPrivateTargetsAreAllowed() throws Exception {
        OutboundTargets.Resolver none = host -> {
            throw new UnknownHostException(host);
        };
        try (OutboundHttp http = new OutboundHttp(false, TIMEOUT, "url", "public only")) {
            assertThatThrownBy(() -> http.post(url("127.0.0.1"), List.of(), null, null))
                    .isInstanceOf(OutboundHttp.RefusedTargetException.class);
            assertThatThrownBy(() -> http.post(url("[::ffff:127.0.0.1]"), List.of(), null, null))
                    .isInstanceOf(OutboundHttp.RefusedTargetException.class);
            assertThatThrownBy(() -> http.post("ftp://example.org/x", List.of(), null, null))
                    .isInstanceOf(OutboundHttp.RefusedTargetException.class)
                    .hasMessage("url must be an absolute http or https URL");
        }
        try (OutboundHttp http = new OutboundHttp(false, TIMEOUT, "url", "public only", none)) {
            assertThatThrownBy(() -> http.post(url("gone.vigil.invalid"), List.of(), null, null))
                    .isInstanceOf(OutboundHttp.RefusedTargetException.class)
                    .hasMessageContaining("cannot be resolved");
        }
        assertThat(received).isEmpty();
        try (OutboundHttp http = new OutboundHttp(true, TIMEOUT, "url", "public only")) {
            assertThat(http.post(url("127.0.0.1"), List.of(), null, null)).isEqualTo(204);
        }
        assertThat(received).hasSize(1);
        assertThat(lengths).as("no body is an empty one").containsExactly("0");
    }
}
