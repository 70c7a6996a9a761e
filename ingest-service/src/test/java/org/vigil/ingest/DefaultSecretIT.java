package org.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.vigil.service.config.DefaultSecretException;

/**
 * Outside the demo profile a service does not start with its OAuth2 client secret missing or one published with
 * Vigil (issue 13): anyone who read the sources could otherwise take its identity towards the others' /internal APIs.
 * The service is started for real (a closed Kafka port, nothing consumed), as an operator would start it.
 */
@ExtendWith(OutputCaptureExtension.class)
class DefaultSecretIT {

    /** Command-line arguments: they win over the ports application.yml sets (8085 may be taken). */
    private static final String[] PORTS = {"--server.port=0", "--management.server.port=0"};

    @ParameterizedTest
    @ValueSource(strings = {"", "vigil-services-secret", "ingest-service-demo-secret", "change-me"})
    void aMissingOrPublishedServiceSecretStopsTheStartNamingTheSetting(String secret, CapturedOutput output) {
        assertThatThrownBy(() -> ingest(secret).run(PORTS))
                .rootCause().isInstanceOf(DefaultSecretException.class)
                .hasMessageContaining("VIGIL_SERVICE_CLIENT_SECRET");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Set VIGIL_SERVICE_CLIENT_SECRET");
    }

    @Test
    void anOwnSecretStarts() {
        try (ConfigurableApplicationContext context = ingest("an-operator-secret-8f2c1").run(PORTS)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Test
    void theDemoProfileStartsWithItsPublishedDefault() {
        try (ConfigurableApplicationContext context = ingest("").profiles("demo").run(PORTS)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private static SpringApplicationBuilder ingest(String secret) {
        return new SpringApplicationBuilder(IngestApplication.class).properties(
                                "spring.kafka.bootstrap-servers=127.0.0.1:1",
                "spring.kafka.admin.auto-create=false",
                "spring.kafka.listener.auto-startup=false",
                "management.health.defaults.enabled=false",
                "logging.level.org.apache.kafka=ERROR",
                "VIGIL_SERVICE_CLIENT_SECRET=" + secret);
    }
}
