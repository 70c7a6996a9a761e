package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** HTTPS with TLS 1.2 and 1.3 only, HSTS on every HTTPS answer, and (profile demo) plain HTTP that only redirects. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTls.SELF_SIGNED, TestTls.NO_HTTP_PORT})
@ActiveProfiles("demo")
class TlsIT {

    static final TestIssuer issuer = new TestIssuer("https://issuer.test");
    static final Downstream vitals = new Downstream("vitals");

    @LocalServerPort
    int port;

    @Autowired
    HttpsRedirectServer redirects;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("VIGIL_VITALS_URL", vitals::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> issuer.issuer);
        registry.add("VIGIL_OAUTH_JWKS_URI", issuer::jwksUri);
    }

    @AfterAll
    static void stop() {
        issuer.close();
        vitals.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theGatewaySpeaksTls12And13(String protocol) throws IOException {
        try (SSLSocket socket = TestTls.socket(port, protocol)) {
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        }
    }

    @Test
    void theGatewayRefusesTls11ThoughThisClientCanSpeakIt() throws Exception {
        // The control: this JVM (see legacy-tls-allowed.security) completes a TLS 1.1 handshake with a server that allows it.
        try (SSLServerSocket legacy = (SSLServerSocket) serverContext().getServerSocketFactory().createServerSocket(0)) {
            legacy.setEnabledProtocols(new String[] {"TLSv1.1"});
            Thread.ofVirtual().start(() -> {
                try (SSLSocket accepted = (SSLSocket) legacy.accept()) {
                    accepted.startHandshake();
                } catch (IOException ignored) {
                    // the client's side asserts
                }
            });
            try (SSLSocket socket = TestTls.socket(legacy.getLocalPort(), "TLSv1.1")) {
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.1");
            }
        }

        try (SSLSocket socket = TestTls.socket(port, "TLSv1.1")) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/liveness", "/internal/v1/x", "/api/v1/devices", "/fhir/metadata",
            "/session"})
    void everyHttpsAnswerCarriesHsts(String path) throws Exception {
        HttpResponse<String> response = https().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + path)).timeout(TestTls.REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().allValues("Strict-Transport-Security"))
                .containsExactly("max-age=31536000; includeSubDomains");
    }

    @Test
    void plainHttpOnlyRedirectsToTheSameUrlOnHttps() throws Exception {
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TestTls.CONNECT_TIMEOUT).build();
        String base = "http://localhost:" + redirects.port();

        HttpResponse<String> get = plain.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/devices?id=d-1"))
                .timeout(TestTls.REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = plain.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/devices"))
                .timeout(TestTls.REQUEST_TIMEOUT).header("Authorization", "Bearer " + issuer.token("demo-integrator"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(301);
        assertThat(get.headers().firstValue("Location")).hasValue("https://localhost:" + port + "/api/v1/devices?id=d-1");
        assertThat(get.body()).isEmpty();
        assertThat(post.statusCode()).isEqualTo(308);
        assertThat(post.headers().firstValue("Location")).hasValue("https://localhost:" + port + "/api/v1/devices");
        assertThat(vitals.received()).isEmpty();
    }

    private static HttpClient https() {
        return TestTls.client().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(TestTls.KEYSTORE))) {
            keyStore.load(in, GatewayTls.DEMO_PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, GatewayTls.DEMO_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
