package org.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's HTTPS client against a real TLS server on loopback with self-signed certificates made by the JDK's
 * keytool, as the demo gateway's is: trusted with --cacert, refused without it, and refused for a certificate that
 * is trusted but names another host.
 */
class GatewayTrustTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path gatewayCert;
    private static Path otherHostCert;
    private static HttpsServer gateway;
    private static HttpsServer otherHost;

    @BeforeAll
    static void certificatesAndServers() throws Exception {
        Path gatewayStore = keyPair("gateway", "CN=localhost", "dns:localhost,ip:127.0.0.1");
        gatewayCert = exportPem(gatewayStore, "gateway");
        Path otherStore = keyPair("other", "CN=elsewhere.test", "dns:elsewhere.test");
        otherHostCert = exportPem(otherStore, "other");
        gateway = server(gatewayStore);
        otherHost = server(otherStore);
    }

    @AfterAll
    static void stop() {
        gateway.stop(0);
        otherHost.stop(0);
    }

    @Test
    void withTheGatewaysCertificateAsCacertTheClientTalksToIt() throws Exception {
        HttpClient client = Simulator.httpClient(gatewayCert);

        assertThat(get(client, gateway).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutCacertTheSelfSignedGatewayIsRefused() throws Exception {
        HttpClient client = Simulator.httpClient(null);

        assertThatThrownBy(() -> get(client, gateway)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aTrustedCertificateForAnotherHostIsStillRefused() throws Exception {
        HttpClient client = Simulator.httpClient(otherHostCert);

        assertThatThrownBy(() -> get(client, otherHost)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void everyCertificateOfABundleIsTrustedWithTextBetweenTheBlocks() throws Exception {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "# not ours\n" + Files.readString(otherHostCert) + "\nsubject=CN=localhost\n"
                + Files.readString(gatewayCert));

        assertThat(get(Simulator.httpClient(bundle), gateway).statusCode()).isEqualTo(200);
    }

    @Test
    void aFileWithoutACertificateIsAMistakeOnTheCommandLine() throws Exception {
        Path notPem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
        assertThatThrownBy(() -> Simulator.httpClient(notPem)).isInstanceOf(CertificateException.class)
                .hasMessageContaining("no PEM certificate");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Simulator.run(new String[] {"--cacert", notPem.toString()}, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--cacert", "no PEM certificate");
    }

    @Test
    void anUntrustedGatewayEndsProvisioningAtOnceNamingCacert() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long started = System.nanoTime();

        int status = Simulator.run(new String[] {"--patients", "1", "--gateway", uri(gateway).toString()}, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("certificate", "is not trusted", "--cacert");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no waiting for a platform still starting")
                .isLessThan(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> get(HttpClient client, HttpsServer server) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(server)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(HttpsServer server) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static HttpsServer server(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Path keyPair(String alias, String dname, String san) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", "san=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return store;
    }

    private static Path exportPem(Path store, String alias) throws Exception {
        Path pem = dir.resolve(alias + ".crt");
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return pem;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
