package org.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.vigil.service.security.ServiceTokens;

class VitalsHttpTest {

    @Test
    void noServiceTokenFromTheIssuerIsADependencyFailureLikeVitalsBeingDown() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ServiceTokens tokens = new ServiceTokens(URI.create("http://127.0.0.1:" + closed + "/oauth2/token"),
                "ingest-service", "secret", "internal:devices.read", Clock.systemUTC());
        VitalsHttp http = new VitalsHttp(new IngestProperties(DataSize.ofMegabytes(1), 1000,
                URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofSeconds(5),
                new IngestProperties.RateLimit(20, 40),
                new IngestProperties.RefusalLimits(1, 20, 20, 200, java.time.Duration.ofSeconds(60),
                        java.time.Duration.ofSeconds(60), 10_000)), tokens);

        assertThatThrownBy(() -> http.get("/internal/v1/devices/by-token-hash/abc"))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("no access token for calling vitals-service");
    }
}
