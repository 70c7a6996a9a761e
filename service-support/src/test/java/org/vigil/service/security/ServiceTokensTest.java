package org.vigil.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's own token against a real HTTP token endpoint on loopback that hands out token-1, token-2, ... */
class ServiceTokensTest {

    private final AtomicInteger issued = new AtomicInteger();
    private volatile String lastRequest = "";
    private final HttpServer issuer = start();
    private final ServiceTokens tokens = new ServiceTokens(
            URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/oauth2/token"), "ingest-service",
            "secret", "internal:devices.read", Clock.systemUTC());

    @AfterEach
    void stop() {
        issuer.stop(0);
    }

    @Test
    void aTokenIsFetchedOnceAndReusedUntilItIsRefused() {
        assertThat(tokens.authorization()).isEqualTo("Bearer token-1");
        assertThat(tokens.authorization()).isEqualTo("Bearer token-1");

        tokens.refused("Bearer token-1");

        assertThat(tokens.authorization()).isEqualTo("Bearer token-2");
        assertThat(issued).hasValue(2);
    }

    @Test
    void aRefusalOfAnOlderTokenDoesNotThrowAwayTheCurrentOne() {
        tokens.authorization();
        tokens.refused("Bearer token-1");
        tokens.authorization();

        tokens.refused("Bearer token-1");

        assertThat(tokens.authorization()).isEqualTo("Bearer token-2");
    }

    @Test
    void itAsksForTheScopesOfWhatThisServiceCallsOnly() {
        tokens.authorization();

        assertThat(lastRequest).isEqualTo("grant_type=client_credentials&scope=internal%3Adevices.read");
    }

    private HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/oauth2/token", exchange -> {
                lastRequest = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                byte[] body = ("{\"access_token\":\"token-" + issued.incrementAndGet()
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
