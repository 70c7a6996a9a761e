package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.vigil.service.config.DefaultSecretException;

/**
 * Outside the demo profile the gateway does not start while the dashboard's client secret is missing or the one
 * published with Vigil (issue 13). Started as an operator would: no demo profile, a keystore of its own.
 */
class DefaultSecretIT {

    /** Command-line arguments: they win over the ports application.yml sets (8085 may be taken). */
    private static final String[] PORTS = {"--server.port=0", "--management.server.port=0"};

    @ParameterizedTest
    @ValueSource(strings = {"", "vigil-dashboard-secret", "change-me"})
    void aMissingOrPublishedDashboardSecretStopsTheStartNamingTheSetting(String secret) {
        assertThatThrownBy(() -> gateway(secret).run(PORTS))
                .rootCause().isInstanceOf(DefaultSecretException.class)
                .hasMessageContaining("VIGIL_DASHBOARD_CLIENT_SECRET");
    }

    @Test
    void anOwnSecretStarts() {
        try (ConfigurableApplicationContext context = gateway("an-operator-secret-a41e").run(PORTS)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private static SpringApplicationBuilder gateway(String secret) {
        GatewayTls.ensureSelfSigned(Path.of(TestTls.KEYSTORE).toAbsolutePath());
        return new SpringApplicationBuilder(GatewayApplication.class).properties(
                TestTls.NO_HTTP_PORT,
                "VIGIL_TLS_KEYSTORE=file:" + Path.of(TestTls.KEYSTORE).toAbsolutePath(),
                "VIGIL_TLS_KEYSTORE_PASSWORD=" + GatewayTls.DEMO_PASSWORD,
                "VIGIL_DASHBOARD_CLIENT_SECRET=" + secret);
    }
}
