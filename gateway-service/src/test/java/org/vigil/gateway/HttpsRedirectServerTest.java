package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpsRedirectServerTest {

    @Test
    void theRedirectKeepsHostPathAndQueryAndNamesTheHttpsPort() {
        assertThat(HttpsRedirectServer.location("localhost:8080", "/session?x=1", 8443))
                .isEqualTo("https://localhost:8443/session?x=1");
        assertThat(HttpsRedirectServer.location("vigil.example", "/", 443)).isEqualTo("https://vigil.example/");
        assertThat(HttpsRedirectServer.location("[::1]:8080", "/a", 8443)).isEqualTo("https://[::1]:8443/a");
    }

    @Test
    void aHostHeaderThatIsNotAHostNameOrAnAbsoluteRequestTargetCannotSteerTheRedirect() {
        assertThat(HttpsRedirectServer.location("evil.example/x?", "/a", 8443)).isEqualTo("https://localhost:8443/a");
        assertThat(HttpsRedirectServer.location(null, "/a", 8443)).isEqualTo("https://localhost:8443/a");
        assertThat(HttpsRedirectServer.location("localhost", "//evil.example/a", 8443))
                .isEqualTo("https://localhost:8443/");
        assertThat(HttpsRedirectServer.location("localhost", "http://evil.example/a", 8443))
                .isEqualTo("https://localhost:8443/");
    }
}
