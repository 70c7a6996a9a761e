package org.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAreEightPatientsEveryFiveSecondsForeverWith12HoursOfHistoryThroughTheLocalGateway() {
        Options options = Options.parse(new String[0], Map.of());

        assertThat(options.patients()).as("every scenario and two stable patients").isEqualTo(8);
        assertThat(options.history()).isEqualTo(Duration.ofHours(12));
        assertThat(options.historyRate()).isEqualTo(20);
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.duration()).isNull();
        assertThat(options.gateway()).isEqualTo(URI.create("https://localhost:8443"));
        assertThat(options.state()).isNull();
        assertThat(options.cacert()).isNull();
        assertThat(options.clientId()).isEqualTo("demo-admin");
        assertThat(options.clientSecret()).isEqualTo("demo-admin-secret");
        assertThat(options.careTeam()).isEqualTo("Demo ward");
        assertThat(options.clinician()).isEqualTo("ada");
        assertThat(options.patientUser()).isEqualTo("pat");
    }

    @Test
    void theHistoryIsBoundedToADayAndItsRateToWhatThePlatformTakes() {
        assertThat(Options.parse(new String[] {"--history", "0", "--history-rate", "5"}, Map.of()))
                .satisfies(options -> {
                    assertThat(options.history()).isZero();
                    assertThat(options.historyRate()).isEqualTo(5);
                });
        assertThat(Options.parse(new String[] {"--history=24"}, Map.of()).history()).isEqualTo(Duration.ofHours(24));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse(new String[] {"--history", "25"},
                Map.of())).hasMessage("--history must be between 0 and 24 hours");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse(new String[] {"--history-rate", "0"},
                Map.of())).hasMessage("--history-rate must be between 1 and 500 readings a second");
    }

    @Test
    void trustAndClientCredentialsComeFromTheEnvironmentUnlessGivenOnTheCommandLine() {
        Map<String, String> env = Map.of("VIGIL_GATEWAY_CACERT", ".vigil/tls/gateway.crt",
                "VIGIL_CLIENT_ID", "acme", "VIGIL_CLIENT_SECRET", "acme-secret");

        Options fromEnv = Options.parse(new String[0], env);
        assertThat(fromEnv.cacert()).isEqualTo(Path.of(".vigil/tls/gateway.crt"));
        assertThat(fromEnv.clientId()).isEqualTo("acme");
        assertThat(fromEnv.clientSecret()).isEqualTo("acme-secret");

        Options given = Options.parse(new String[] {"--cacert", "ca.pem", "--client-id=ops", "--client-secret",
                "ops-secret"}, env);
        assertThat(given.cacert()).isEqualTo(Path.of("ca.pem"));
        assertThat(given.clientId()).isEqualTo("ops");
        assertThat(given.clientSecret()).isEqualTo("ops-secret");
    }

    @Test
    void theClientSecretIsNeverPartOfTheOptionsText() {
        assertThat(Options.parse(new String[] {"--client-secret", "s3cr3t-value"}, Map.of()).toString())
                .doesNotContain("s3cr3t-value")
                .contains("clientId=demo-admin");
    }

    @Test
    void theDemoAccessCanBeAnotherTeamAndClinicianAndAnEmptyPatientUserLinksNoOne() {
        Options options = Options.parse(new String[] {"--care-team", "Ward 3", "--clinician", "ben",
                "--patient-user", ""}, Map.of());

        assertThat(options.careTeam()).isEqualTo("Ward 3");
        assertThat(options.clinician()).isEqualTo("ben");
        assertThat(options.patientUser()).isNull();
        assertThat(Options.parse(new String[] {"--patient-user=pat2"}, Map.of()).patientUser()).isEqualTo("pat2");
    }

    @Test
    void theGatewayComesFromTheEnvironmentUnlessGivenOnTheCommandLine() {
        Map<String, String> env = Map.of("VIGIL_GATEWAY_URL", "https://gateway-service:8443");

        assertThat(Options.parse(new String[0], env).gateway()).isEqualTo(URI.create("https://gateway-service:8443"));
        assertThat(Options.parse(new String[] {"--gateway", "https://vigil.example"}, env).gateway())
                .isEqualTo(URI.create("https://vigil.example"));
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        Options options = Options.parse(new String[] {"--patients=2", "--interval", "0.5", "--duration=90",
                "--state", "run/state.json"}, Map.of());

        assertThat(options.patients()).isEqualTo(2);
        assertThat(options.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.state()).isEqualTo(Path.of("run/state.json"));
    }

    @Test
    void nonsenseIsRefusedWithAReason() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--patients", "0"}, Map.of()))
                .hasMessageContaining("between 1 and 200");
        assertThatThrownBy(() -> Options.parse(new String[] {"--interval", "-1"}, Map.of()))
                .hasMessageContaining("more than 0");
        assertThatThrownBy(() -> Options.parse(new String[] {"--gateway", "localhost:8080"}, Map.of()))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> Options.parse(new String[] {"--speed"}, Map.of()))
                .hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> Options.parse(new String[] {"--duration"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse(new String[] {"--client-secret", ""}, Map.of()))
                .hasMessageContaining("--client-secret must not be empty");
        assertThatThrownBy(() -> Options.parse(new String[] {"--clinician", "ada/../admin"}, Map.of()))
                .hasMessageContaining("--clinician wants a user name");
        assertThatThrownBy(() -> Options.parse(new String[] {"--care-team", " "}, Map.of()))
                .hasMessageContaining("--care-team must not be empty");
    }
}
