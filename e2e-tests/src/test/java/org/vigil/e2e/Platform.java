package org.vigil.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * The whole platform as a user meets it: the seven services started from their runnable jars, each in its own JVM,
 * configured only through the VIGIL_* environment variables that `./vigil up` and docker-compose use, in the demo
 * profile (demo users and clients in auth-service), on the real PostgreSQL and Kafka from {@link VigilInfrastructure}.
 * The gateway serves HTTPS with a keystore made here by keytool, as an operator would give it one; this JVM trusts
 * that certificate (and only it) through {@code javax.net.ssl.trustStore}. Started once per test JVM and stopped when
 * it exits.
 */
final class Platform {

    private static final List<String> SERVICES = List.of("auth-service", "audit-service", "vitals-service",
            "alert-service", "ingest-service", "fhir-service", "gateway-service");
    static final String TLS_PASSWORD = "e2e-tls-password";
    static final String AUDIT_CHAIN_KEY = "e2e-audit-chain-key-" + UUID.randomUUID();
    /** 32 random bytes per run, base64: the key the services seal stored secrets with. */
    private static final String SECRETS_KEY = secretsKey();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static Platform instance;

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Path root = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    private final String version = System.getProperty("vigil.version", "0.1.0-SNAPSHOT");
    private final Path logs = Path.of(System.getProperty("vigil.e2e.logs", "target/e2e-logs"));
    private final Path auditCheckpoints =
            logs.resolveSibling("e2e-audit-checkpoints").resolve(UUID.randomUUID().toString());
    // Made after the certificate: a client takes the default SSLContext, with its truststore, when it is built.
    private HttpClient http;

    static synchronized Platform get() {
        if (instance == null) {
            instance = new Platform();
            instance.start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    URI gateway() {
        return URI.create("https://localhost:" + ports.get("gateway-service"));
    }

    /** The gateway's plain-HTTP port, which only redirects to HTTPS (demo profile). */
    URI gatewayHttp() {
        return URI.create("http://localhost:" + ports.get("gateway-http"));
    }

    URI service(String name) {
        return URI.create("http://localhost:" + ports.get(name));
    }

    /** A service's Actuator (health, metrics), on its management port: never the API's, the gateway's included. */
    URI management(String name) {
        return URI.create("http://localhost:" + ports.get(name + "-management"));
    }

    Path tlsDirectory() {
        return logs.resolveSibling("e2e-tls");
    }

    Path logsDirectory() {
        return logs;
    }

    /** The environment a service of this platform is started with; the simulator gets the same. */
    Map<String, String> environment() {
        VigilInfrastructure.Database db = VigilInfrastructure.postgres();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VIGIL_DB_URL", db.jdbcUrl());
        env.put("VIGIL_DB_USER", db.username());
        env.put("VIGIL_DB_PASSWORD", db.password());
        env.put("VIGIL_KAFKA_BOOTSTRAP", VigilInfrastructure.kafkaBootstrapServers());
        env.put("VIGIL_KAFKA_PARTITIONS", "3");
        env.put("VIGIL_GATEWAY_PORT", String.valueOf(ports.get("gateway-service")));
        env.put("VIGIL_INGEST_PORT", String.valueOf(ports.get("ingest-service")));
        env.put("VIGIL_VITALS_PORT", String.valueOf(ports.get("vitals-service")));
        env.put("VIGIL_ALERT_PORT", String.valueOf(ports.get("alert-service")));
        env.put("VIGIL_FHIR_PORT", String.valueOf(ports.get("fhir-service")));
        env.put("VIGIL_INGEST_URL", service("ingest-service").toString());
        env.put("VIGIL_VITALS_URL", service("vitals-service").toString());
        env.put("VIGIL_ALERT_URL", service("alert-service").toString());
        env.put("VIGIL_FHIR_URL", service("fhir-service").toString());
        env.put("VIGIL_AUTH_PORT", String.valueOf(ports.get("auth-service")));
        env.put("VIGIL_AUDIT_PORT", String.valueOf(ports.get("audit-service")));
        env.put("VIGIL_AUTH_URL", service("auth-service").toString());
        env.put("VIGIL_AUDIT_URL", service("audit-service").toString());
        env.put("VIGIL_GATEWAY_HTTP_PORT", String.valueOf(ports.get("gateway-http")));
        for (String service : SERVICES) {
            env.put("VIGIL_" + service.substring(0, service.indexOf('-')).toUpperCase(java.util.Locale.ROOT)
                    + "_MANAGEMENT_PORT", String.valueOf(ports.get(service + "-management")));
        }
        env.put("SPRING_PROFILES_ACTIVE", "demo");
        // FhirIT's rest-hook receiver listens on loopback, which production refuses (SSRF).
        env.put("VIGIL_FHIR_SUBSCRIPTIONS_ALLOW_PRIVATE", "true");
        env.put("VIGIL_PUBLIC_URL", gateway().toString());
        env.put("VIGIL_OAUTH_ISSUER", gateway().toString());
        env.put("VIGIL_OAUTH_JWKS_URI", service("auth-service") + "/oauth2/jwks");
        env.put("VIGIL_OAUTH_TOKEN_URI", service("auth-service") + "/oauth2/token");
        // audit-service's chain key, and a checkpoint directory as fresh as the test database it anchors.
        env.put("VIGIL_AUDIT_CHAIN_KEY", AUDIT_CHAIN_KEY);
        env.put("VIGIL_AUDIT_CHECKPOINT_DIR", auditCheckpoints.toAbsolutePath().toString());
        env.put("VIGIL_AUTH_KEY_FILE", tlsDirectory().resolve("signing-key.json").toAbsolutePath().toString());
        env.put("VIGIL_TLS_KEYSTORE", tlsDirectory().resolve("gateway.p12").toAbsolutePath().toString());
        env.put("VIGIL_TLS_KEYSTORE_PASSWORD", TLS_PASSWORD);
        env.put("VIGIL_TLS_KEY_ALIAS", "gateway");
        // Webhook secrets and Subscription headers are sealed with it, as in production (not the demo profile's key).
        env.put("VIGIL_SECRETS_KEY", SECRETS_KEY);
        env.put("VIGIL_SECRETS_KEY_ID", "e2e");
        env.put("VIGIL_GATEWAY_CACERT", tlsDirectory().resolve("gateway.crt").toAbsolutePath().toString());
        return env;
    }

    private static String secretsKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    Path jar(String module) {
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (./mvnw verify), which "
                    + "packages every service before these tests");
        }
        return jar;
    }

    /** Starts a java -jar process with the platform's environment, its output in {@code <logs>/<name>.log}. */
    Process launch(String name, Path jar, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void start() {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String service : SERVICES) {
            ports.put(service, freePort());
            ports.put(service + "-management", freePort());
        }
        ports.put("gateway-http", freePort());
        makeCertificate();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        VigilInfrastructure.postgres();
        VigilInfrastructure.kafkaBootstrapServers();
        for (String service : SERVICES) {
            processes.put(service, launch(service, jar(service),
                    List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), List.of()));
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        for (String service : SERVICES) {
            awaitReady(service, deadline);
        }
    }

    /**
     * A keystore for the gateway (CN=localhost) and a truststore holding only its certificate, which this JVM's
     * default SSLContext then trusts: java.net.http, HAPI's client and the simulator's --cacert all see the same.
     */
    private void makeCertificate() {
        Path dir = tlsDirectory();
        Path keystore = dir.resolve("gateway.p12");
        Path certificate = dir.resolve("gateway.crt");
        Path truststore = dir.resolve("truststore.p12");
        try {
            Files.createDirectories(dir);
            for (Path p : List.of(keystore, certificate, truststore, dir.resolve("signing-key.json"))) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool("-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", TLS_PASSWORD, "-keypass", TLS_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "gateway", "-keystore", keystore.toString(), "-storepass",
                TLS_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "vigil-gateway", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", TLS_PASSWORD);
        System.setProperty("javax.net.ssl.trustStore", truststore.toAbsolutePath().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", TLS_PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills a service as {@code kill -9} does (SIGKILL: no shutdown hook runs, nothing in flight is finished or
     * flushed) and waits until the process is gone.
     */
    void kill(String service) {
        Process process = processes.get(service);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(service + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a killed service again, on its port and with its environment, and waits until it is ready. */
    void restart(String service) {
        if (processes.get(service).isAlive()) {
            throw new IllegalStateException(service + " is still running");
        }
        processes.put(service, launch(service, jar(service),
                List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), List.of()));
        awaitReady(service, Instant.now().plus(START_TIMEOUT));
    }

    private void awaitReady(String service, Instant deadline) {
        URI readiness = management(service).resolve("/actuator/health/readiness");
        while (true) {
            Process process = processes.get(service);
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + " during start-up; "
                        + "its log:\n" + tail(service));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness)
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(service + " not ready after " + START_TIMEOUT + "; its log:\n"
                        + tail(service));
            }
            sleep(Duration.ofMillis(500));
        }
    }

    String tail(String name) {
        return tail(name, 60);
    }

    /** The last {@code count} lines of a process's log. */
    String tail(String name, int count) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        List<String> reversed = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(reversed);
        for (String service : reversed) {
            processes.get(service).destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
