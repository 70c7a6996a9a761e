package org.vigil.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.vigil.service.config.DefaultSecretException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the demo profile the issuer does not start while a client's secret is missing or one published with Vigil
 * (issue 13): it would hand out service tokens to whoever read the sources.
 */
class DefaultSecretIT {

    /** Command-line arguments: they win over the ports application.yml sets (8085 may be taken). */
    private static final String[] PORTS = {"--server.port=0", "--management.server.port=0"};

    @Test
    void aMissingServiceClientSecretStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> issuer().properties(OTHERS).properties("VIGIL_FHIR_CLIENT_SECRET=").run(PORTS))
                .rootCause().isInstanceOf(DefaultSecretException.class)
                .hasMessageStartingWith("vigil.auth.clients.fhir-service.secret is not set.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vigil-services-secret", "fhir-service-demo-secret", "change-me"})
    void aPublishedServiceClientSecretStopsTheStart(String secret) {
        assertThatThrownBy(() -> issuer().properties(OTHERS).properties("VIGIL_FHIR_CLIENT_SECRET=" + secret).run(PORTS))
                .rootCause().isInstanceOf(DefaultSecretException.class)
                .hasMessageStartingWith("vigil.auth.clients.fhir-service.secret is a default published with Vigil");
    }

    @Test
    void anOwnSecretStarts() {
        try (ConfigurableApplicationContext context = issuer()
                .properties(OTHERS).properties("VIGIL_FHIR_CLIENT_SECRET=an-operator-secret-51c0").run(PORTS)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    /** The other services' clients, given secrets of the operator's own. */
    private static final String[] OTHERS = {"VIGIL_INGEST_CLIENT_SECRET=op-ingest-7d1", "VIGIL_ALERT_CLIENT_SECRET=op-alert-2b9",
        "VIGIL_AUDIT_CLIENT_SECRET=op-audit-c40"};

    private static SpringApplicationBuilder issuer() {
        return new SpringApplicationBuilder(AuthApplication.class).properties("vigil.auth.signing-key.file=" + Http.freshKeyFile());
    }
}
