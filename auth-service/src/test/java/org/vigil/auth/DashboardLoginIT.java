package org.vigil.auth;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's authorization-code flow with PKCE, driven as a browser drives it: authorize, the login form with its
 * CSRF token, back to authorize, the code at the redirect URI, and the code exchanged for tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DashboardLoginIT {

    static final String REDIRECT_URI = "https://localhost:8443/login/oauth2/code/vigil-dashboard";

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("vigil.auth.signing-key.file", Http::freshKeyFile);
        // Sign-ins are audited to Kafka before they complete.
        VigilInfrastructure.registerKafka(registry);
        registry.add("vigil.auth.issuer", () -> "https://localhost:8443");
    }

    @LocalServerPort
    int port;

    Http browser;

    String verifier;

    @BeforeEach
    void browser() {
        browser = new Http(port);
        verifier = randomVerifier();
    }

    @Test
    void adaLogsInAndTheDashboardGetsAnAccessTokenForHerWithHerRoles() throws Exception {
        String code = logIn("ada", "ada-demo-password");

        var tokens = exchange(code, verifier);

        JWTClaimsSet access = browser.verifiedAccessToken(tokens).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo("ada");
        assertThat(access.getStringListClaim("roles")).containsExactly("clinician");
        assertThat(access.getAudience()).containsExactly("vigil");
        assertThat(access.getIssuer()).isEqualTo("https://localhost:8443");
        assertThat(access.getStringClaim("client_id")).isEqualTo("vigil-dashboard");
        assertThat(access.getStringClaim("azp")).isEqualTo("vigil-dashboard");
        assertThat(access.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile");

        JWTClaimsSet id = browser.verified((String) Http.json(tokens).get("id_token")).getJWTClaimsSet();
        assertThat(id.getSubject()).isEqualTo("ada");
        assertThat(id.getAudience()).containsExactly("vigil-dashboard");
        assertThat(id.getStringListClaim("roles")).containsExactly("clinician");

        var userinfo = browser.get("/userinfo", "Authorization", "Bearer " + Http.json(tokens).get("access_token"));
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(Http.json(userinfo)).containsEntry("sub", "ada");
    }

    @Test
    void theRefreshTokenGivesANewAccessTokenForTheSameUserAndRoles() throws Exception {
        var tokens = exchange(logIn("admin", "admin-demo-password"), verifier);

        var refreshed = browser.token("vigil-dashboard", "vigil-dashboard-secret",
                Map.of("grant_type", "refresh_token", "refresh_token",
                        (String) Http.json(tokens).get("refresh_token")));

        JWTClaimsSet access = browser.verifiedAccessToken(refreshed).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo("admin");
        assertThat(access.getStringListClaim("roles")).containsExactly("admin");
        assertThat(access.getAudience()).containsExactly("vigil");
    }

    @Test
    void aCodeExchangedWithoutItsCodeVerifierIsRefused() {
        String code = logIn("ben", "ben-demo-password");

        var response = exchange(code, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response)).containsEntry("error", "invalid_grant");
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void aCodeExchangedWithAnotherVerifierIsRefused() {
        String code = logIn("ben", "ben-demo-password");

        var response = exchange(code, randomVerifier());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response)).containsEntry("error", "invalid_grant");
    }

    @Test
    void anAuthorizationRequestWithoutACodeChallengeIsRefused() {
        Map<String, String> parameters = authorizationRequest();
        parameters.remove("code_challenge");
        parameters.remove("code_challenge_method");
        logIn("pat", "pat-demo-password");

        var response = browser.get("/oauth2/authorize?" + Http.encode(parameters), "Accept", "text/html");

        String location = Http.location(response);
        assertThat(location).startsWith(REDIRECT_URI);
        assertThat(Http.query(location)).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @Test
    void aWrongPasswordSendsTheBrowserBackToTheLoginForm() {
        var toLogin = browser.get("/oauth2/authorize?" + Http.encode(authorizationRequest()), "Accept", "text/html");
        browser.get(Http.location(toLogin));

        var response = submitLogin("ada", "wrong-password");

        assertThat(Http.location(response)).endsWith("/login?error");
    }

    @Test
    void behindTheGatewayTheLoginRedirectUsesTheGatewaysPublicUrl() {
        var response = browser.get("/oauth2/authorize?" + Http.encode(authorizationRequest()), "Accept", "text/html",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "localhost:8443");

        assertThat(Http.location(response)).isEqualTo("https://localhost:8443/login");
    }

    @Test
    void anApiClientWithoutASessionGets401NotTheLoginForm() {
        var response = browser.get("/userinfo", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aFailedSignInIsAuditedWithTheSubjectTriedTheClientAndTheAddressNeverThePassword() {
        String password = "wrong-password-" + UUID.randomUUID();
        String correlation = UUID.randomUUID().toString();
        var loginForm = browser.get(Http.location(
                browser.get("/oauth2/authorize?" + Http.encode(authorizationRequest()), "Accept", "text/html")));

        var response = browser.postForm("/login", Map.of("username", "ada", "password", password, "_csrf",
                csrf(loginForm)), "Accept", "text/html", "X-Correlation-Id", correlation);

        assertThat(Http.location(response)).endsWith("/login?error");
        ConsumerRecord<String, byte[]> published = auditRecord(correlation);
        AuditRecorded record = Topics.AUDIT_RECORDED.codec().decode(published.value());
        assertThat(record.service()).isEqualTo("auth-service");
        assertThat(record.action()).isEqualTo(AuditRecorded.LOGIN);
        assertThat(record.outcome()).isEqualTo(AuditRecorded.DENIED);
        assertThat(record.agent()).isEqualTo("ada");
        assertThat(record.agentType()).isEqualTo("user");
        assertThat(record.clientId()).isEqualTo("vigil-dashboard");
        assertThat(record.roles()).isEmpty();
        assertThat(record.sourceAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(record.request()).isEqualTo("POST /login");
        assertThat(new String(published.value(), StandardCharsets.UTF_8)).doesNotContain(password);
    }

    @Test
    void aSuccessfulSignInIsAuditedWithTheUsersRoles() {
        String correlation = UUID.randomUUID().toString();
        var loginForm = browser.get(Http.location(
                browser.get("/oauth2/authorize?" + Http.encode(authorizationRequest()), "Accept", "text/html")));

        var response = browser.postForm("/login", Map.of("username", "ben", "password", "ben-demo-password",
                "_csrf", csrf(loginForm)), "Accept", "text/html", "X-Correlation-Id", correlation);

        assertThat(Http.location(response)).contains("/oauth2/authorize");
        ConsumerRecord<String, byte[]> published = auditRecord(correlation);
        AuditRecorded record = Topics.AUDIT_RECORDED.codec().decode(published.value());
        assertThat(record.action()).isEqualTo(AuditRecorded.LOGIN);
        assertThat(record.outcome()).isEqualTo(AuditRecorded.SUCCESS);
        assertThat(record.agent()).isEqualTo("ben");
        assertThat(record.roles()).containsExactly("clinician");
        assertThat(record.clientId()).isEqualTo("vigil-dashboard");
        assertThat(new String(published.value(), StandardCharsets.UTF_8)).doesNotContain("ben-demo-password");
    }

    /** The audit record with this correlation id, read from vigil.audit-recorded.v1 as audit-service reads it. */
    private static ConsumerRecord<String, byte[]> auditRecord(String correlationId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "sign-in-audit-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_RECORDED.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Topics.AUDIT_RECORDED.codec().decode(record.value()).correlationId() != null
                            && correlationId.equals(
                                    Topics.AUDIT_RECORDED.codec().decode(record.value()).correlationId())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no audit record with correlation id " + correlationId + " within 30 s");
    }

    /** The whole browser part of the flow; returns the code delivered to the redirect URI. */
    private String logIn(String user, String password) {
        Map<String, String> request = authorizationRequest();
        var authorize = browser.get("/oauth2/authorize?" + Http.encode(request), "Accept", "text/html");
        assertThat(Http.location(authorize)).isEqualTo(browser.base() + "/login");

        var loginForm = browser.get(Http.location(authorize), "Accept", "text/html");
        assertThat(loginForm.statusCode()).isEqualTo(200);

        var login = submitLogin(user, password, csrf(loginForm));
        String backToAuthorize = Http.location(login);
        assertThat(backToAuthorize).contains("/oauth2/authorize");

        var toClient = browser.get(backToAuthorize, "Accept", "text/html");
        String location = Http.location(toClient);
        assertThat(location).startsWith(REDIRECT_URI + "?");
        Map<String, String> parameters = Http.query(location);
        assertThat(parameters).containsEntry("state", request.get("state")).containsKey("code");
        return parameters.get("code");
    }

    private HttpResponse<String> submitLogin(String user, String password) {
        var form = browser.get("/login", "Accept", "text/html");
        return submitLogin(user, password, csrf(form));
    }

    private HttpResponse<String> submitLogin(String user, String password, String csrf) {
        return browser.postForm("/login", Map.of("username", user, "password", password, "_csrf", csrf), "Accept",
                "text/html");
    }

    private HttpResponse<String> exchange(String code, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        return browser.token("vigil-dashboard", "vigil-dashboard-secret", form);
    }

    private Map<String, String> authorizationRequest() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", "vigil-dashboard");
        request.put("scope", "openid profile");
        request.put("redirect_uri", REDIRECT_URI);
        request.put("state", "state-" + verifier.substring(0, 8));
        request.put("nonce", "nonce-" + verifier.substring(8, 16));
        request.put("code_challenge", challenge(verifier));
        request.put("code_challenge_method", "S256");
        return request;
    }

    private static String csrf(HttpResponse<String> loginForm) {
        Matcher matcher = CSRF.matcher(loginForm.body());
        assertThat(matcher.find()).as("the login form carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    private static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
