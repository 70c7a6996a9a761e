package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

class GatewayTlsTest {

    @TempDir
    Path dir;

    @Test
    void theDemoCertificateIsGeneratedOnceForLocalhostAndReusedAfterwards() throws Exception {
        Path keystore = dir.resolve("tls/gateway.p12");

        assertThat(GatewayTls.ensureSelfSigned(keystore)).isTrue();
        byte[] first = Files.readAllBytes(keystore);
        assertThat(GatewayTls.ensureSelfSigned(keystore)).isFalse();

        assertThat(Files.readAllBytes(keystore)).isEqualTo(first);
        assertThat(Files.list(keystore.getParent())).containsExactly(keystore);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, GatewayTls.DEMO_PASSWORD.toCharArray());
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate(GatewayTls.DEMO_ALIAS);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(store.isKeyEntry(GatewayTls.DEMO_ALIAS)).isTrue();
    }

    @Test
    void inProfileDemoWithoutAKeystoreTheGatewayServesTheSelfSignedOne() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("vigil.gateway.tls.self-signed", dir.resolve("demo.p12").toString());
        environment.setActiveProfiles("demo");

        new GatewayTls().onApplicationEvent(event(environment));

        assertThat(environment.getProperty("server.ssl.key-store")).isEqualTo("file:" + dir.resolve("demo.p12"));
        assertThat(environment.getProperty("server.ssl.key-alias")).isEqualTo(GatewayTls.DEMO_ALIAS);
        assertThat(dir.resolve("demo.p12")).isRegularFile();
    }

    @Test
    void aConfiguredKeystoreIsUsedAsGiven() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("vigil.gateway.tls.key-store", "file:/etc/vigil/gateway.p12")
                .withProperty("vigil.gateway.tls.key-store-password", "secret")
                .withProperty("vigil.gateway.tls.key-alias", "edge");
        environment.setActiveProfiles("demo");

        new GatewayTls().onApplicationEvent(event(environment));

        assertThat(environment.getProperty("server.ssl.key-store")).isEqualTo("file:/etc/vigil/gateway.p12");
        assertThat(environment.getProperty("server.ssl.key-store-password")).isEqualTo("secret");
        assertThat(environment.getProperty("server.ssl.key-alias")).isEqualTo("edge");
        assertThat(environment.getProperty("server.ssl.key-store-type")).isEqualTo("PKCS12");
    }

    @Test
    void outsideDemoAGatewayWithoutAKeystoreDoesNotStart() {
        assertThatThrownBy(() -> new GatewayTls().onApplicationEvent(event(new StandardEnvironment())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VIGIL_TLS_KEYSTORE");
    }

    @Test
    void otherApplicationsOnTheSameClasspathAreLeftAlone() {
        StandardEnvironment environment = new StandardEnvironment();

        new GatewayTls().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
                new SpringApplication(Object.class), new String[0], environment));

        assertThat(environment.getProperty("server.ssl.key-store")).isNull();
    }

    private static ApplicationEnvironmentPreparedEvent event(org.springframework.core.env.ConfigurableEnvironment env) {
        return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
                new SpringApplication(GatewayApplication.class), new String[0], env);
    }
}
