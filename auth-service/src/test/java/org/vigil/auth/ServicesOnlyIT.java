package org.vigil.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.testsupport.VigilInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the demo profile only the services' own clients exist, one per service with the internal scopes of what it
 * calls, and their secrets may be configured already hashed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServicesOnlyIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("vigil.auth.signing-key.file", Http::freshKeyFile);
        // Failed sign-ins are audited to Kafka.
        VigilInfrastructure.registerKafka(registry);
        registry.add("vigil.auth.issuer", () -> "https://localhost:8443");
        // As an operator would set VIGIL_INGEST_CLIENT_SECRET: a bcrypt hash rather than the secret itself.
        String hashed = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("rotated-ingest-secret");
        registry.add("VIGIL_INGEST_CLIENT_SECRET", () -> hashed);
        registry.add("VIGIL_ALERT_CLIENT_SECRET", () -> "op-alert-secret-1");
        registry.add("VIGIL_FHIR_CLIENT_SECRET", () -> "op-fhir-secret-1");
        registry.add("VIGIL_AUDIT_CLIENT_SECRET", () -> "op-audit-secret-1");
    }

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void aServiceGetsATokenWithTheScopesOfWhatItCallsAndTheServiceRole() throws Exception {
        JWTClaimsSet claims = http.verifiedAccessToken(
                http.clientCredentials("ingest-service", "rotated-ingest-secret")).getJWTClaimsSet();

        assertThat(claims.getSubject()).isEqualTo("ingest-service");
        assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("internal:devices.read",
                "internal:reading-claims.write", "internal:relationships.read");
        assertThat(claims.getStringListClaim("roles")).containsExactly("service");
        assertThat(claims.getAudience()).containsExactly("vigil");
        assertThat(claims.getIssuer()).isEqualTo("https://localhost:8443");
    }

    @Test
    void aServiceCannotAskForTheScopeOfWhatItDoesNotCall() {
        var response = http.clientCredentials("ingest-service", "rotated-ingest-secret", "internal:patients.read");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response)).containsEntry("error", "invalid_scope");
    }

    @Test
    void theOneSharedClientOfBeforeIsGone() {
        var response = http.clientCredentials("vigil-services", "vigil-services-secret");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void theDemoClientsDoNotExist() {
        for (String[] demo : new String[][] { { "demo-admin", "demo-admin-secret" },
                { "demo-integrator", "demo-integrator-secret" }, { "vigil-dashboard", "vigil-dashboard-secret" } }) {
            var response = http.clientCredentials(demo[0], demo[1]);

            assertThat(response.statusCode()).as(demo[0]).isEqualTo(401);
            assertThat(Http.json(response)).containsEntry("error", "invalid_client");
        }
    }

    @Test
    void theDemoUsersCannotLogIn() {
        var form = http.get("/login", "Accept", "text/html");
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();

        var response = http.postForm("/login",
                java.util.Map.of("username", "ada", "password", "ada-demo-password", "_csrf", csrf.group(1)));

        assertThat(Http.location(response)).endsWith("/login?error");
    }
}
