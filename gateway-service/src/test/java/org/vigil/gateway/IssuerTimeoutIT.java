package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An issuer that accepts the gateway's connections and never answers them: the code exchange at the end of a sign-in
 * and the signing keys of a bearer token each give up after {@code vigil.gateway.issuer.response-timeout} (here 2 s),
 * and the browser or the API caller gets an error answer instead of a request that never ends (issue 16).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {TestTls.SELF_SIGNED, TestTls.NO_HTTP_PORT, "vigil.gateway.issuer.response-timeout=2s"})
@ActiveProfiles("demo")
class IssuerTimeoutIT {

    static final int PORT = freePort();
    static final String BASE = "https://localhost:" + PORT;
    static final TestIssuer issuer = new TestIssuer(BASE);
    static final Downstream vitals = new Downstream("vitals");
    /** Released when the tests end, so that the stub's threads do not outlive them. */
    static final CountDownLatch release = new CountDownLatch(1);

    static {
        issuer.serve("/oauth2/authorize", IssuerTimeoutIT::authorize);
        issuer.serve("/oauth2/token", IssuerTimeoutIT::silent);
        issuer.serve("/silent-jwks", IssuerTimeoutIT::silent);
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("VIGIL_VITALS_URL", vitals::url);
        registry.add("VIGIL_AUTH_URL", issuer::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> BASE);
        registry.add("VIGIL_OAUTH_JWKS_URI", () -> issuer.url() + "/silent-jwks");
        registry.add("VIGIL_OAUTH_TOKEN_URI", () -> issuer.url() + "/oauth2/token");
    }

    @AfterAll
    static void stop() {
        release.countDown();
        issuer.close();
        vitals.close();
    }

    @Test
    void aSignInWhoseCodeExchangeGetsNoAnswerEndsWithAnErrorWithinSeconds() throws Exception {
        HttpClient browser = TestTls.client().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> signIn = browser.send(navigate("/oauth2/authorization/vigil-dashboard"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(302);
        String authorize = signIn.headers().firstValue("Location").orElseThrow().substring(BASE.length());
        HttpResponse<String> issuerAnswer = browser.send(navigate(authorize), HttpResponse.BodyHandlers.ofString());
        assertThat(issuerAnswer.statusCode()).isEqualTo(302);
        String callback = issuerAnswer.headers().firstValue("Location").orElseThrow().substring(BASE.length());

        long started = System.nanoTime();
        HttpResponse<String> answer = browser.send(navigate(callback), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("the code exchange gives up after the 2 s response timeout").isLessThan(
                Duration.ofSeconds(10));
        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 599);
        assertThat(answer.headers().allValues("Set-Cookie")).noneSatisfy(c -> assertThat(c).contains("XSRF"));
    }

    @Test
    void aBearerTokenWhoseSigningKeysGetNoAnswerIsRefusedWithinSeconds() throws Exception {
        HttpClient client = TestTls.client().build();
        HttpRequest call = HttpRequest.newBuilder(URI.create(BASE + "/api/v1/devices/d-1"))
                .header("Authorization", "Bearer " + issuer.token("acme"))
                .timeout(TestTls.REQUEST_TIMEOUT).build();

        long started = System.nanoTime();
        HttpResponse<String> answer = client.send(call, HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("the key request gives up after the 2 s response timeout").isLessThan(
                Duration.ofSeconds(10));
        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 599);
        assertThat(vitals.received()).as("nothing reached the service").isEmpty();
    }

    private static HttpRequest navigate(String path) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).header("Accept", "text/html")
                .timeout(TestTls.REQUEST_TIMEOUT).build();
    }

    /** Straight back to the gateway with a code, as for a user already signed in at the issuer. */
    private static void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=code-" + System.nanoTime()
                + "&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** Takes the request and answers nothing until the tests end (at most a minute). */
    private static void silent(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
