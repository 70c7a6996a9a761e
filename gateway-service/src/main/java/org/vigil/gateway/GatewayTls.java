package org.vigil.gateway;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;
import org.vigil.service.config.DemoProfile;

/**
 * Gives the gateway its TLS key before the web server starts (registered in META-INF/spring.factories, so that tests
 * get it too): the PKCS12 keystore of {@code vigil.gateway.tls.key-store} ({@code VIGIL_TLS_KEYSTORE}), or, in
 * profile {@code demo} only, a self-signed certificate for localhost that is generated on the first run with the
 * running JDK's keytool and reused afterwards. Outside demo, a gateway without a keystore does not start: there is no
 * plain-HTTP mode. {@code server.ssl.key-store} set directly wins over both.
 */
public class GatewayTls implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String DEMO_ALIAS = "gateway";
    /** Protects nothing secret: a self-signed demo certificate in the developer's own working directory. */
    static final String DEMO_PASSWORD = "vigil-demo-tls";

    @Override
    public int getOrder() {
        // After Boot's config data (application.yml and profiles) is loaded.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        // e2e-tests run every service from one classpath: only the gateway is concerned.
        if (!event.getSpringApplication().getAllSources().contains(GatewayApplication.class)) {
            return;
        }
        ConfigurableEnvironment environment = event.getEnvironment();
        if (StringUtils.hasText(environment.getProperty("server.ssl.key-store"))) {
            return;
        }
        Map<String, Object> ssl = new LinkedHashMap<>();
        String keyStore = environment.getProperty("vigil.gateway.tls.key-store", "");
        if (StringUtils.hasText(keyStore)) {
            ssl.put("server.ssl.key-store", keyStore);
            ssl.put("server.ssl.key-store-password", environment.getProperty("vigil.gateway.tls.key-store-password", ""));
            String alias = environment.getProperty("vigil.gateway.tls.key-alias", "");
            if (StringUtils.hasText(alias)) {
                ssl.put("server.ssl.key-alias", alias);
            }
        } else if (DemoProfile.active(environment)) {
            Path path = Path.of(environment.getProperty("vigil.gateway.tls.self-signed", ".vigil/tls/gateway.p12"))
                    .toAbsolutePath();
            ensureSelfSigned(path);
            ssl.put("server.ssl.key-store", "file:" + path);
            ssl.put("server.ssl.key-store-password", DEMO_PASSWORD);
            ssl.put("server.ssl.key-alias", DEMO_ALIAS);
        } else {
            throw new IllegalStateException("The gateway serves HTTPS only and has no keystore: set VIGIL_TLS_KEYSTORE "
                    + "(PKCS12), VIGIL_TLS_KEYSTORE_PASSWORD and VIGIL_TLS_KEY_ALIAS, or run with profile demo for a "
                    + "self-signed certificate");
        }
        ssl.put("server.ssl.key-store-type", "PKCS12");
        environment.getPropertySources().addFirst(new MapPropertySource("vigilGatewayTls", ssl));
    }

    /**
     * Generates a self-signed certificate for CN=localhost (SAN DNS:localhost, IP:127.0.0.1) at {@code path} unless a
     * keystore is already there.
     *
     * @return whether a new keystore was generated
     */
    static boolean ensureSelfSigned(Path path) {
        if (Files.isRegularFile(path)) {
            return false;
        }
        try {
            Files.createDirectories(path.getParent());
            // Generated beside the target and moved into place, so a concurrent start never reads half a file.
            Path partial = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".partial");
            Files.delete(partial);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", DEMO_ALIAS,
                    "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "825",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", partial.toString(),
                    "-storepass", DEMO_PASSWORD, "-keypass", DEMO_PASSWORD, "-noprompt"))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool could not generate the demo certificate: " + output.strip());
            }
            try {
                Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the demo certificate to " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while generating the demo certificate", e);
        }
    }
}
