package org.vigil.simulator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The client-credentials token client against a small stand-in of the issuer and the API. */
class AccessTokensTest {

    record Seen(String path, String authorization, String contentType, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final MovableClock clock = new MovableClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile int tokenStatus = 200;
    private volatile String tokenError = "";
    private volatile String acceptedToken = "t-1";
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void asksWithHttpBasicAndTheClientCredentialsGrantWithoutScopeThenKeepsTheToken() throws Exception {
        AccessTokens tokens = tokens("demo-admin", "demo-admin-secret");

        assertThat(tokens.authorization()).isEqualTo("Bearer t-1");
        assertThat(tokens.authorization()).isEqualTo("Bearer t-1");

        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/oauth2/token");
            assertThat(request.authorization()).isEqualTo(basic("demo-admin:demo-admin-secret"));
            assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(request.body()).isEqualTo("grant_type=client_credentials");
        });
    }

    @Test
    void credentialsAreFormEncodedBeforeTheyAreJoinedSoAColonSurvives() throws Exception {
        tokens("ops:eu", "p@ss word:1").authorization();

        assertThat(seen.getFirst().authorization()).isEqualTo(basic("ops%3Aeu:p%40ss+word%3A1"));
    }

    @Test
    void aNewTokenIsFetchedShortlyBeforeTheOldOneExpires() throws Exception {
        AccessTokens tokens = tokens("demo-admin", "demo-admin-secret");
        tokens.authorization();

        clock.advance(Duration.ofSeconds(300).minus(AccessTokens.EARLY).minusSeconds(1));
        assertThat(tokens.authorization()).isEqualTo("Bearer t-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.authorization()).isEqualTo("Bearer t-2");
    }

    @Test
    void aRefusedTokenIsReplacedButOnlyOnceForCallersThatSawTheSameOne() throws Exception {
        AccessTokens tokens = tokens("demo-admin", "demo-admin-secret");
        String first = tokens.authorization();

        tokens.refused(first);
        String second = tokens.authorization();
        tokens.refused(first);

        assertThat(second).isEqualTo("Bearer t-2");
        assertThat(tokens.authorization()).isEqualTo("Bearer t-2");
    }

    @Test
    void aRefusedClientIsAProvisioningErrorInWordsWithoutTheSecret() {
        tokenStatus = 401;
        tokenError = "invalid_client";

        assertThatThrownBy(() -> tokens("demo-admin", "wrong-secret").authorization())
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("the client id or secret was refused (client 'demo-admin')")
                .hasMessageNotContaining("wrong-secret");
    }

    @Test
    void aTokenEndpointStillStartingIsWorthTryingAgain() {
        tokenStatus = 503;

        assertThatThrownBy(() -> tokens("demo-admin", "demo-admin-secret").authorization())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("503");
    }

    @Test
    void theGatewayClientSendsTheBearerTokenAndFetchesANewOneAfterA401() throws Exception {
        GatewayClient gateway = new GatewayClient(base(), http, tokens("demo-admin", "demo-admin-secret"),
                new Payloads(), Duration.ofSeconds(5), Duration.ofSeconds(5), "test");
        gateway.registerDevice("SIM-1");
        acceptedToken = "t-2";

        Device device = gateway.registerDevice("SIM-2");

        assertThat(device.id()).isEqualTo("d-1");
        assertThat(seen).extracting(request -> request.path() + " " + request.authorization()).containsExactly(
                "/oauth2/token " + basic("demo-admin:demo-admin-secret"),
                "/api/v1/devices Bearer t-1",
                "/api/v1/devices Bearer t-1",
                "/oauth2/token " + basic("demo-admin:demo-admin-secret"),
                "/api/v1/devices Bearer t-2");
    }

    private AccessTokens tokens(String clientId, String secret) {
        return new AccessTokens(base().resolve("/oauth2/token"), clientId, secret, http, JsonMapper.builder().build(),
                Duration.ofSeconds(5), clock);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        seen.add(new Seen(path, authorization, String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        if (path.equals("/oauth2/token")) {
            if (tokenStatus != 200) {
                answer(exchange, tokenStatus, tokenError.isEmpty() ? "" : "{\"error\":\"" + tokenError + "\"}");
                return;
            }
            answer(exchange, 200, "{\"access_token\":\"t-" + issued.incrementAndGet()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"system/*.cruds\"}");
        } else if (authorization.equals("Bearer " + acceptedToken)) {
            answer(exchange, 201, "{\"id\":\"d-1\",\"token\":\"device-token\"}");
        } else {
            answer(exchange, 401, "{\"detail\":\"Full authentication required\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now = Instant.parse("2026-11-21T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
