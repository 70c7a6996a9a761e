package org.vigil.service.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredSecretsTest {

    @Test
    void theDemoProfileUsesThePublishedDefaultWhenNoneIsGiven() {
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");

        assertThat(ConfiguredSecrets.require(demo, "VIGIL_SERVICE_CLIENT_SECRET", "ingest-service-demo-secret"))
                .isEqualTo("ingest-service-demo-secret");
        demo.setProperty("VIGIL_SERVICE_CLIENT_SECRET", "given");
        assertThat(ConfiguredSecrets.require(demo, "VIGIL_SERVICE_CLIENT_SECRET", "ingest-service-demo-secret"))
                .isEqualTo("given");
    }

    @Test
    void outsideTheDemoAMissingSecretStopsTheStartNamingTheSetting() {
        MockEnvironment production = new MockEnvironment();
        production.setProperty("VIGIL_SERVICE_CLIENT_SECRET", " ");

        assertThatThrownBy(() -> ConfiguredSecrets.require(production, "VIGIL_SERVICE_CLIENT_SECRET", "x-demo-secret"))
                .isInstanceOf(DefaultSecretException.class)
                .hasMessageStartingWith("VIGIL_SERVICE_CLIENT_SECRET is not set.")
                .extracting(e -> ((DefaultSecretException) e).setting()).isEqualTo("VIGIL_SERVICE_CLIENT_SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vigil-services-secret", "vigil-dashboard-secret", "change-me", "CHANGE-ME",
        "ingest-service-demo-secret", "{noop}vigil-services-secret", "ada-demo-password"})
    void outsideTheDemoAPublishedSecretStopsTheStart(String published) {
        MockEnvironment production = new MockEnvironment();
        production.setProperty("VIGIL_DASHBOARD_CLIENT_SECRET", published);

        assertThatThrownBy(() -> ConfiguredSecrets.require(production, "VIGIL_DASHBOARD_CLIENT_SECRET", "d"))
                .isInstanceOf(DefaultSecretException.class)
                .hasMessageStartingWith("VIGIL_DASHBOARD_CLIENT_SECRET is a default published with Vigil");
    }

    @Test
    void outsideTheDemoAnOwnSecretIsUsed() {
        MockEnvironment production = new MockEnvironment();
        production.setProperty("VIGIL_SERVICE_CLIENT_SECRET", "k3VqL9-random");

        assertThat(ConfiguredSecrets.require(production, "VIGIL_SERVICE_CLIENT_SECRET", "x-demo-secret"))
                .isEqualTo("k3VqL9-random");
    }

    @Test
    void theFailureAnalysisSaysWhatToSet() {
        var analysis = new DefaultSecretFailureAnalyzer().analyze(new IllegalStateException("wrapped",
                new DefaultSecretException("VIGIL_X", "VIGIL_X is not set.")));

        assertThat(analysis.getDescription()).isEqualTo("VIGIL_X is not set.");
        assertThat(analysis.getAction()).startsWith("Set VIGIL_X ");
    }
}
