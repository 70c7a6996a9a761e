package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Token validation at the edge: a call to the API without a valid access token is a 401 problem+json with
 * WWW-Authenticate and never reaches the service; a valid token reaches it as sent; device tokens on /api/v1/readings
 * are not the gateway's to judge.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTls.SELF_SIGNED, TestTls.NO_HTTP_PORT})
@ActiveProfiles("demo")
class EdgeAuthenticationIT {

    static final TestIssuer issuer = new TestIssuer("https://issuer.test");
    static final Downstream vitals = new Downstream("vitals");
    static final Downstream ingest = new Downstream("ingest");
    static final Downstream fhir = new Downstream("fhir");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("VIGIL_VITALS_URL", vitals::url);
        registry.add("VIGIL_INGEST_URL", ingest::url);
        registry.add("VIGIL_FHIR_URL", fhir::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> issuer.issuer);
        registry.add("VIGIL_OAUTH_JWKS_URI", issuer::jwksUri);
        // No auth-service: a port nothing listens on, not the default 8085, where a running ./vigil up has one.
        registry.add("VIGIL_AUTH_URL", () -> "http://localhost:" + closedPort());
    }

    /** A port that was free a moment ago and that nothing listens on now. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        issuer.close();
        vitals.close();
        ingest.close();
        fhir.close();
    }

    @BeforeEach
    void forget() {
        vitals.received().clear();
        ingest.received().clear();
        fhir.received().clear();
    }

    static Stream<Arguments> refusedTokens() {
        Instant past = Instant.now().minusSeconds(3600);
        RSAKey stranger = TestIssuer.newKey("not-the-issuers-key");
        return Stream.of(
                Arguments.of("garbage", "not-a-jwt"),
                Arguments.of("expired", issuer.token("demo-integrator", claims -> claims
                        .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))))),
                Arguments.of("wrong audience", issuer.token("demo-integrator", claims -> claims
                        .audience(List.of("someone-else")))),
                Arguments.of("wrong issuer", issuer.token("demo-integrator", claims -> claims
                        .issuer("https://evil.example"))),
                Arguments.of("alg none", issuer.unsigned("demo-integrator")),
                Arguments.of("unknown key", TestIssuer.sign(stranger, issuer.claims("demo-integrator").build())),
                Arguments.of("tampered", tamper(issuer.token("demo-integrator"))));
    }

    @Test
    void noTokenIs401ProblemJsonWithABearerChallengeAndNeverReachesTheService() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/devices/d-1"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.body()).contains("\"status\":401", "\"detail\":\"This API needs an access token");
        assertThat(vitals.received()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aRefusedTokenIs401ProblemJsonAndNeverReachesTheService(String what, String token) throws Exception {
        HttpResponse<String> response = send(request("/api/v1/devices/d-1").header("Authorization", "Bearer " + token)
                .header("Accept", "text/html"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
        assertThat(response.body()).contains("\"detail\":\"The bearer token was refused: ")
                .doesNotContain(token);
        assertThat(vitals.received()).isEmpty();
    }

    @Test
    void aValidTokenReachesTheServiceWithItsAuthorizationIntact() throws Exception {
        String token = issuer.token("demo-integrator");

        HttpResponse<String> response = send(request("/api/v1/devices/d-1").header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(vitals.received()).singleElement().satisfies(received ->
                assertThat(received.header("Authorization")).isEqualTo("Bearer " + token));
    }

    @Test
    void theServicesSeeTheCallersRealAddressWhateverXForwardedForItSent() throws Exception {
        String token = issuer.token("demo-integrator");

        send(request("/api/v1/devices/d-1").header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", "203.0.113.66"));

        // The services audit the first hop as "from where": a caller must not be able to choose it.
        assertThat(vitals.received()).singleElement().satisfies(received ->
                assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1"));
    }

    @Test
    void aBearerCallerNeedsNoCsrfTokenToChangeData() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/devices")
                .header("Authorization", "Bearer " + issuer.token("demo-integrator"))
                .header("Cookie", "VIGIL_SESSION=whatever")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(vitals.received()).hasSize(1);
    }

    @Test
    void anOpaqueDeviceTokenOnReadingsPassesThroughUntouched() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/readings")
                .header("Authorization", "Bearer vgd_opaque-device-token-123")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ingest.received()).singleElement().satisfies(received ->
                assertThat(received.header("Authorization")).isEqualTo("Bearer vgd_opaque-device-token-123"));
    }

    @Test
    void theFhirCapabilityStatementIsPublicButTheRestOfFhirIsNot() throws Exception {
        assertThat(send(request("/fhir/metadata")).statusCode()).isEqualTo(200);
        assertThat(send(request("/fhir/Patient")).statusCode()).isEqualTo(401);
        assertThat(send(request("/fhir/metadata").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode())
                .isEqualTo(401);
        assertThat(fhir.received()).hasSize(1);
    }

    @Test
    void aBrowserWithoutASessionIsSentToSignInButAnApiCallNeverIs() throws Exception {
        HttpResponse<String> session = send(request("/session").header("Accept", "text/html"));
        HttpResponse<String> api = send(request("/api/v1/patients").header("Accept", "text/html"));

        assertThat(session.statusCode()).isEqualTo(302);
        assertThat(session.headers().firstValue("Location")).hasValue("/oauth2/authorization/vigil-dashboard");
        assertThat(api.statusCode()).isEqualTo(401);
    }

    @Test
    void theGatewayHasNoLoginPageOfItsOwn() throws Exception {
        // /login is auth-service's; with no auth-service running, the gateway can only say it is unavailable.
        HttpResponse<String> response = send(request("/login").header("Accept", "text/html"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).doesNotContain("<form");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).timeout(TestTls.REQUEST_TIMEOUT);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpClient http = TestTls.client().followRedirects(HttpClient.Redirect.NEVER).build();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same token with one character of its signature changed. */
    private static String tamper(String token) {
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    }
}
