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
    void defaultsAreFourPatientsEveryFiveSecondsForeverThroughTheLocalGateway() {
        Options options = Options.parse(new String[0], Map.of());

        assertThat(options.patients()).isEqualTo(4);
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.duration()).isNull();
        assertThat(options.gateway()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(options.state()).isNull();
    }

    @Test
    void theGatewayComesFromTheEnvironmentUnlessGivenOnTheCommandLine() {
        Map<String, String> env = Map.of("VIGIL_GATEWAY_URL", "http://gateway-service:8080");

        assertThat(Options.parse(new String[0], env).gateway()).isEqualTo(URI.create("http://gateway-service:8080"));
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
    }
}
