package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard's sign-in, end to end through the gateway, with auth-service played by a stub that checks what the
 * real one checks (client secret, PKCE S256) and issues RS256 tokens: the browser is sent to the issuer's authorize
 * endpoint (through the gateway, so the issuer sees https://localhost:port), comes back with a code, and from then on
 * holds only the session cookie; the gateway relays the session's access token to the services.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {TestTls.SELF_SIGNED, TestTls.NO_HTTP_PORT,
                // everySignInAnswersEveryHop signs in 50 times from 127.0.0.1; the limit tests use addresses of their own.
                "vigil.gateway.sign-in.burst=" + DashboardSignInIT.SIGN_IN_BURST,
                "vigil.gateway.sign-in.requests-per-second=0.5",
                "vigil.gateway.sign-in.max-anonymous-sessions=" + DashboardSignInIT.MAX_ANONYMOUS})
@ActiveProfiles("demo")
class DashboardSignInIT {

    static final int PORT = freePort();
    static final String BASE = "https://localhost:" + PORT;
    static final TestIssuer issuer = new TestIssuer(BASE);
    static final Downstream vitals = new Downstream("vitals");
    static final Map<String, Map<String, String>> authorizeRequests = new ConcurrentHashMap<>();
    static final Map<String, String> authorizeHeaders = new ConcurrentHashMap<>();
    static volatile String accessToken = "";
    static final int SIGN_INS = Integer.getInteger("vigil.sign-ins", 50);
    static final int SIGN_IN_BURST = 100;
    static final int MAX_ANONYMOUS = 30;

    @Autowired
    SignInSessions sessions;

    static {
        issuer.serve("/oauth2/authorize", DashboardSignInIT::authorize);
        issuer.serve("/oauth2/token", DashboardSignInIT::token);
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("VIGIL_VITALS_URL", vitals::url);
        registry.add("VIGIL_AUTH_URL", issuer::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> BASE);
        registry.add("VIGIL_OAUTH_JWKS_URI", issuer::jwksUri);
        registry.add("VIGIL_OAUTH_TOKEN_URI", () -> issuer.url() + "/oauth2/token");
    }

    @AfterAll
    static void stop() {
        issuer.close();
        vitals.close();
    }

    @Test
    void aBrowserSignsInWithPkceAndItsSessionCarriesTheAccessTokenToTheServices() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = TestTls.client().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> session = browser.send(navigate("/session"), HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(302);
        assertThat(location(session)).isEqualTo("/oauth2/authorization/vigil-dashboard");

        HttpResponse<String> signIn = browser.send(navigate(location(session)), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(302);
        URI authorize = URI.create(location(signIn));
        assertThat(authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath())
                .isEqualTo(BASE + "/oauth2/authorize");
        Map<String, String> query = parse(authorize.getRawQuery());
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "vigil-dashboard")
                .containsEntry("scope", "openid profile").containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", BASE + "/login/oauth2/code/vigil-dashboard")
                .containsKeys("code_challenge", "state", "nonce");
        String sessionBeforeSignIn = cookie(cookies, "VIGIL_SESSION");

        HttpResponse<String> issuerAnswer = browser.send(navigate(authorize.toString().substring(BASE.length())),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issuerAnswer.statusCode()).isEqualTo(302);
        assertThat(authorizeHeaders).containsEntry("X-Forwarded-Proto", "https")
                .containsEntry("X-Forwarded-Host", "localhost:" + PORT).containsEntry("X-Forwarded-Port", "" + PORT);

        HttpResponse<String> callback = browser.send(navigate(location(issuerAnswer).substring(BASE.length())),
                HttpResponse.BodyHandlers.ofString());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        assertThat(location(callback)).endsWith("/session");
        assertThat(callback.headers().allValues("Set-Cookie")).anySatisfy(setCookie -> assertThat(setCookie)
                .startsWith("VIGIL_SESSION=").containsIgnoringCase("HttpOnly").contains("Secure", "SameSite=Lax"));
        assertThat(cookie(cookies, "VIGIL_SESSION")).isNotEqualTo(sessionBeforeSignIn);

        HttpResponse<String> me = browser.send(navigate("/session"), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("{\"subject\":\"ada\",\"roles\":[\"clinician\"]}");
        String xsrf = cookie(cookies, "XSRF-TOKEN");
        assertThat(xsrf).isNotEmpty();

        HttpResponse<String> api = browser.send(call("/api/v1/devices/d-1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(vitals.received()).last().satisfies(received ->
                assertThat(received.header("Authorization")).isEqualTo("Bearer " + accessToken));
        assertThat(api.headers().allValues("Set-Cookie")).noneSatisfy(c -> assertThat(c).contains(accessToken));

        int before = vitals.received().size();
        HttpResponse<String> forged = browser.send(call("/api/v1/devices")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(forged.body()).contains("X-XSRF-TOKEN");
        assertThat(vitals.received()).hasSize(before);

        HttpResponse<String> genuine = browser.send(call("/api/v1/devices").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(vitals.received()).last().satisfies(received ->
                assertThat(received.header("Authorization")).isEqualTo("Bearer " + accessToken));

        HttpResponse<String> signOut = browser.send(call("/logout").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(location(signOut)).startsWith(BASE + "/connect/logout?id_token_hint=")
                .contains("post_logout_redirect_uri=" + BASE + "/app/");

        HttpResponse<String> afterSignOut = browser.send(call("/api/v1/devices/d-1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(afterSignOut.statusCode()).isEqualTo(401);
    }

    /**
     * Issue 16: about one browser sign-in in seven hung for good at {@code GET /oauth2/authorize}, the third request
     * on the browser's connection (see {@link KeepAliveReads}). Every hop of many sign-ins, each with a fresh cookie
     * jar and connection, must be answered in time.
     */
    @Test
    void everySignInAnswersEveryHop() throws Exception {
        for (int attempt = 1; attempt <= SIGN_INS; attempt++) {
            try (HttpClient browser = TestTls.client().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build()) {
                String path = "/session";
                HttpResponse<String> response = hop(browser, attempt, path);
                // /session, /oauth2/authorization/vigil-dashboard, /oauth2/authorize, the callback, /session again
                for (int hops = 1; response.statusCode() == 302 && hops < 5; hops++) {
                    String next = location(response);
                    path = next.startsWith(BASE) ? next.substring(BASE.length()) : next;
                    response = hop(browser, attempt, path);
                }
                assertThat(response.statusCode()).as("sign-in %d, GET %s", attempt, path).isEqualTo(200);
                assertThat(path).isEqualTo("/session");
                assertThat(response.body()).isEqualTo("{\"subject\":\"ada\",\"roles\":[\"clinician\"]}");
            }
        }
    }

    /**
     * Issue 13, item 7: every anonymous {@code GET /session} stores a session. A burst of them from one address gets
     * 429 with Retry-After once the address's sign-in bucket is empty, while the session someone already signed in
     * with from that same address keeps working; and however many anonymous sessions are started, at most
     * {@code max-anonymous-sessions} are kept (the oldest are evicted, signed-in ones never).
     */
    @Test
    void aBurstOfAnonymousSignInStartsFromOneAddressIs429WhileTheSignedInSessionThereStillWorks() throws Exception {
        InetAddress address = InetAddress.getByName("127.0.0.2");
        try (HttpClient browser = TestTls.client().localAddress(address).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
                HttpClient anonymous = TestTls.client().localAddress(address)
                        .followRedirects(HttpClient.Redirect.NEVER).build()) {
            signIn(browser);
            int before = sessions.sessions();

            HttpResponse<String> refused = null;
            String firstAnonymousCookie = null;
            int started = 0;
            for (int i = 0; i < SIGN_IN_BURST * 2 && refused == null; i++) {
                HttpResponse<String> response = anonymous.send(navigate("/session"),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429) {
                    refused = response;
                } else {
                    assertThat(response.statusCode()).isEqualTo(302);
                    started++;
                    if (firstAnonymousCookie == null) {
                        firstAnonymousCookie = response.headers().allValues("Set-Cookie").stream()
                                .filter(c -> c.startsWith("VIGIL_SESSION=")).findFirst().orElseThrow()
                                .split(";")[0];
                    }
                }
            }
            assertThat(refused).as("429 within %d requests", SIGN_IN_BURST * 2).isNotNull();
            // The burst less the sign-in's own start, plus what the bucket refilled meanwhile (0.5 per second).
            assertThat(started).isBetween(SIGN_IN_BURST - 1, SIGN_IN_BURST + 20);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After").orElse("")).matches("[1-9][0-9]*");
            assertThat(refused.body()).contains("\"status\":429").contains("vigil.gateway.sign-in.burst");

            HttpResponse<String> me = browser.send(navigate("/session"), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).isEqualTo("{\"subject\":\"ada\",\"roles\":[\"clinician\"]}");

            // Bounded: of the anonymous sessions started, at most MAX_ANONYMOUS are kept, the oldest evicted.
            assertThat(sessions.sessions()).isLessThanOrEqualTo(before + MAX_ANONYMOUS);
            HttpResponse<String> oldest = anonymous.send(HttpRequest.newBuilder(URI.create(BASE + "/session"))
                    .header("Accept", "text/html").header("Cookie", firstAnonymousCookie)
                    .timeout(TestTls.REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            String evicted = firstAnonymousCookie;
            // Evicted, the cookie names no session: the request is a new start (limited again, or given a new
            // session if the bucket refilled meanwhile), not a redirect within the old session.
            List<String> newCookies = oldest.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("VIGIL_SESSION=") && !c.startsWith(evicted + ";"))
                    .toList();
            assertThat(oldest.statusCode() == 429 || !newCookies.isEmpty())
                    .as("the oldest anonymous session is gone (%d, %s)", oldest.statusCode(), newCookies).isTrue();
        }
        // Another address is not held up by this one's burst.
        try (HttpClient other = TestTls.client().localAddress(InetAddress.getByName("127.0.0.3"))
                .followRedirects(HttpClient.Redirect.NEVER).build()) {
            assertThat(other.send(navigate("/session"), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(302);
        }
    }

    /** The whole sign-in, hop by hop, ending signed in at /session. */
    private static void signIn(HttpClient browser) throws Exception {
        String path = "/session";
        HttpResponse<String> response = hop(browser, 1, path);
        for (int hops = 1; response.statusCode() == 302 && hops < 5; hops++) {
            String next = location(response);
            path = next.startsWith(BASE) ? next.substring(BASE.length()) : next;
            response = hop(browser, 1, path);
        }
        assertThat(response.statusCode()).as("sign-in, GET %s", path).isEqualTo(200);
    }

    private static HttpResponse<String> hop(HttpClient browser, int attempt, String path) throws Exception {
        try {
            return browser.send(navigate(path), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("Sign-in " + attempt + ": no answer within " + TestTls.REQUEST_TIMEOUT + " to GET "
                    + path.replaceFirst("\\?.*", ""), e);
        }
    }

    private static HttpRequest navigate(String path) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).header("Accept", "text/html")
                .timeout(TestTls.REQUEST_TIMEOUT).build();
    }

    private static HttpRequest.Builder call(String path) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).timeout(TestTls.REQUEST_TIMEOUT)
                .header("Accept", "application/json").header("Content-Type", "application/json");
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    /** auth-service's authorize endpoint, for a user who is already signed in there: straight back with a code. */
    private static void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        for (String header : List.of("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port")) {
            authorizeHeaders.put(header, String.valueOf(exchange.getRequestHeaders().getFirst(header)));
        }
        String code = "code-" + System.nanoTime();
        authorizeRequests.put(code, query);
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** auth-service's token endpoint: client secret, code and PKCE verifier checked as the real one does. */
    private static void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                "vigil-dashboard:vigil-dashboard-secret".getBytes(StandardCharsets.UTF_8));
        Map<String, String> authorized = authorizeRequests.remove(String.valueOf(form.get("code")));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) || authorized == null
                || !"authorization_code".equals(form.get("grant_type"))
                || !authorized.get("code_challenge").equals(s256(form.get("code_verifier")))) {
            respond(exchange, 400, "{\"error\": \"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        accessToken = issuer.sign(issuer.claims("ada").claim("client_id", "vigil-dashboard")
                .claim("azp", "vigil-dashboard").claim("roles", List.of("clinician")).claim("scope", "openid profile")
                .build());
        String idToken = issuer.sign(new JWTClaimsSet.Builder().issuer(BASE).subject("ada")
                .audience("vigil-dashboard").claim("azp", "vigil-dashboard").claim("nonce", authorized.get("nonce"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());
        respond(exchange, 200, """
                {"access_token": "%s", "id_token": "%s", "refresh_token": "refresh-1", "token_type": "Bearer",
                 "expires_in": 300, "scope": "openid profile"}""".formatted(accessToken, idToken));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
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
