package org.vigil.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo clients' client-credentials tokens, as the other services and integrators will see them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@ExtendWith(OutputCaptureExtension.class)
class DemoClientCredentialsIT {

    static final String ISSUER = "https://vigil.example.test:8443";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("vigil.auth.signing-key.file", Http::freshKeyFile);
        registry.add("vigil.auth.issuer", () -> ISSUER);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void demoAdminWithoutScopeGetsEveryScopeItIsRegisteredWithAndTheContractClaims(CapturedOutput output)
            throws Exception {
        var response = http.clientCredentials("demo-admin", "demo-admin-secret");

        JWTClaimsSet claims = http.verifiedAccessToken(response).getJWTClaimsSet();
        assertThat(Http.json(response)).containsEntry("token_type", "Bearer").containsEntry("scope", "system/*.cruds");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly("vigil");
        assertThat(claims.getSubject()).isEqualTo("demo-admin");
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-admin");
        assertThat(claims.getStringClaim("azp")).isEqualTo("demo-admin");
        assertThat(claims.getStringClaim("scope")).isEqualTo("system/*.cruds");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
            .isEqualTo(Duration.ofMinutes(5));

        String accessToken = (String) Http.json(response).get("access_token");
        assertThat(output.getAll()).doesNotContain("demo-admin-secret").doesNotContain(accessToken);
    }

    @Test
    void integratorWithoutScopeGetsAllFiveOfItsScopesAsOneSpaceSeparatedClaim() throws Exception {
        JWTClaimsSet claims = http.verifiedAccessToken(
                http.clientCredentials("demo-integrator", "demo-integrator-secret")).getJWTClaimsSet();

        assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("system/Patient.rs",
                "system/Observation.rs", "system/Observation.c", "system/Device.rs", "system/Flag.rs");
        assertThat(claims.getStringListClaim("roles")).containsExactly("integrator");
        assertThat(claims.getSubject()).isEqualTo("demo-integrator");
    }

    @Test
    void aClientThatNamesScopesGetsOnlyThose() throws Exception {
        JWTClaimsSet claims = http.verifiedAccessToken(
                http.clientCredentials("demo-integrator", "demo-integrator-secret", "system/Observation.rs"))
            .getJWTClaimsSet();

        assertThat(claims.getStringClaim("scope")).isEqualTo("system/Observation.rs");
    }

    @Test
    void aScopeTheClientIsNotRegisteredWithIsRefusedWithInvalidScope() {
        var response = http.clientCredentials("demo-integrator", "demo-integrator-secret", "system/*.cruds");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response)).containsEntry("error", "invalid_scope");
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void aWrongSecretIsRefusedWithInvalidClient() {
        var response = http.clientCredentials("demo-admin", "not-the-secret");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void anUnknownClientIsRefusedWithInvalidClient() {
        var response = http.clientCredentials("nobody", "whatever");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDiscoveryDocumentNamesTheFixedIssuerWhicheverHostIsAsked() {
        var response = http.get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> metadata = Http.json(response);
        assertThat(metadata).containsEntry("issuer", ISSUER)
            .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
            .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
            .containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize")
            .containsEntry("userinfo_endpoint", ISSUER + "/userinfo");
        assertThat((List<Object>) metadata.get("id_token_signing_alg_values_supported")).contains("RS256");
        assertThat(http.get("/.well-known/oauth-authorization-server").statusCode()).isEqualTo(200);
    }

    @Test
    void theJwksPublishesOneRs256SigningKeyWithoutItsPrivatePart() {
        var keys = http.jwks().getKeys();

        assertThat(keys).hasSize(1);
        assertThat(keys.getFirst().isPrivate()).isFalse();
        assertThat(keys.getFirst().getKeyID()).isNotBlank();
        assertThat(keys.getFirst().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(http.get("/oauth2/jwks").body()).doesNotContain("\"d\"");
    }

    @Test
    void probesAndMetricsAreOpenWithoutAToken() {
        assertThat(new Http(managementPort).get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(new Http(managementPort).get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(new Http(managementPort).get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    @Test
    void theGatewaysCorrelationIdIsKeptAndEchoedAndAnUnsafeOneReplaced() {
        var kept = http.get("/oauth2/jwks", "X-Correlation-Id", "req-42.a_b");
        var replaced = http.get("/oauth2/jwks", "X-Correlation-Id", "bad id\twith spaces");

        assertThat(kept.headers().firstValue("X-Correlation-Id")).hasValue("req-42.a_b");
        assertThat(replaced.headers().firstValue("X-Correlation-Id")).get().asString().matches("[0-9a-f-]{36}");
    }
}
