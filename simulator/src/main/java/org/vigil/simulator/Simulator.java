package org.vigil.simulator;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.vigil.simulator.gateway.AccessTokens;
import org.vigil.simulator.gateway.GatewayClient;
import org.vigil.simulator.gateway.Payloads;
import org.vigil.simulator.gateway.ProvisioningException;
import org.vigil.simulator.gateway.TrustedCertificates;
import org.vigil.simulator.signal.Baseline;
import org.vigil.simulator.signal.Scenario;
import org.vigil.simulator.signal.VitalSignGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vigil's demo: provisions patients and devices through the gateway's public API as an OAuth2 client, gives a
 * clinician and a patient user access to them, then streams vital signs from each device until {@code --duration} is up or it is interrupted. Exit status 0 when done, 1 when provisioning failed
 * (the platform refused a request or never became available), 2 for a mistake on the command line.
 */
public final class Simulator {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    /** How long provisioning waits for a platform that is still starting. */
    static final Duration PATIENCE = Duration.ofMinutes(3);
    /**
     * How much further back than the history each device's first assignment starts: the first cycle also carries the
     * CGM's last half hour and the wearable's last 2 minutes, and provisioning takes a while.
     */
    static final Duration RECORDS_MARGIN = Duration.ofHours(1);

    private Simulator() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (Options.UsageException e) {
            err.println("simulator: " + e.getMessage());
            err.print(Options.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        try {
            return simulate(options, out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static int simulate(Options options, PrintStream out, PrintStream err) throws InterruptedException {
        Random random = new SecureRandom();
        String runId = (Long.toString(Instant.now().getEpochSecond(), 36)
                + Integer.toString(36 + random.nextInt(36 * 35), 36)).toUpperCase(Locale.ROOT);
        JsonMapper json = JsonMapper.builder().build();
        HttpClient http;
        try {
            http = httpClient(options.cacert());
        } catch (IOException | GeneralSecurityException e) {
            err.println("simulator: --cacert " + options.cacert() + ": " + e.getMessage());
            return 2;
        }
        Duration requestTimeout = Duration.ofSeconds(15);
        AccessTokens tokens = new AccessTokens(options.gateway(), options.clientId(), options.clientSecret(), http,
                requestTimeout);
        GatewayClient gateway = new GatewayClient(options.gateway(), http, tokens, new Payloads(json), PATIENCE,
                requestTimeout, "sim-" + runId.toLowerCase(Locale.ROOT));

        out.printf(Locale.ROOT, "Vigil simulator, run %s: %d patient%s, readings every %s s, through %s as client "
                + "%s%n", runId, options.patients(), options.patients() == 1 ? "" : "s",
                seconds(options.interval()), options.gateway(), options.clientId());
        DemoFleet fleet;
        DemoAccess access;
        try {
            fleet = DemoFleet.provision(gateway, options.patients(), runId,
                    Instant.now().minus(options.history()).minus(RECORDS_MARGIN), out);
            access = DemoAccess.grant(gateway, fleet, options.careTeam(), options.clinician(),
                    options.patientUser());
        } catch (ProvisioningException e) {
            err.println("simulator: provisioning failed: " + e.getMessage());
            return 1;
        }
        out.println(access.describe(fleet));
        if (options.state() != null) {
            try {
                StateFile.write(options.state(),
                        StateFile.describe(fleet, access, options.gateway(), Instant.now(), json), json);
                out.println("Provisioning written to " + options.state());
            } catch (IOException e) {
                err.println("simulator: cannot write " + options.state() + ": " + e.getMessage());
                return 1;
            }
        }
        DemoFleet.Member sick = fleet.members().getFirst();
        out.printf(Locale.ROOT, "Patient %d (Patient/%s) deteriorates over the first %d s; expect alerts within a "
                + "minute: GET %s/api/v1/alerts?patientId=%s (as %s, or with a client's token)%n", sick.number(),
                sick.patientId(), VitalSignGenerator.DETERIORATION_RAMP.toSeconds(), options.gateway(),
                sick.patientId(), options.clinician());
        if (options.history().isPositive()) {
            out.printf(Locale.ROOT, "Each device uploads the %d h before start after its first readings, %d readings "
                    + "a second over the fleet.%n", options.history().toHours(), options.historyRate());
        }
        out.printf(Locale.ROOT, "Streaming%s; progress every %d s.%n",
                options.duration() == null ? " until interrupted (Ctrl-C)" : " for " + seconds(options.duration())
                        + " s", PROGRESS_EVERY.toSeconds());

        return stream(fleet, gateway, options, random, out);
    }

    private static int stream(DemoFleet fleet, GatewayClient gateway, Options options, Random random,
            PrintStream out) throws InterruptedException {
        Instant start = Instant.now();
        @Nullable Instant stopAt = options.duration() == null ? null : start.plus(options.duration());
        Stats stats = new Stats();
        AtomicBoolean finished = new AtomicBoolean();
        Thread finalLine = new Thread(() -> {
            if (finished.compareAndSet(false, true)) {
                out.println(stats.line(Duration.between(start, Instant.now())) + "  (stopped)");
                out.flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(finalLine);

        HistoryPacer pacer = new HistoryPacer(options.historyRate());
        List<Thread> devices = new ArrayList<>();
        for (DemoFleet.Member member : fleet.members()) {
            Baseline baseline = member.scenario() == Scenario.STABLE || member.deteriorating()
                    ? Baseline.draw(random) : Baseline.calm(random);
            VitalSignGenerator generator = new VitalSignGenerator(baseline, member.scenario(),
                    new Random(random.nextLong()));
            DeviceStream stream = new DeviceStream(member, gateway, generator, options.interval(), stopAt, stats,
                    out, options.history(), pacer);
            devices.add(Thread.ofVirtual().name("device-" + member.number()).start(stream));
        }
        Thread progress = Thread.ofVirtual().name("progress").start(() -> {
            try {
                for (long n = 1; ; n++) {
                    Duration sleep = Duration.between(Instant.now(), start.plus(PROGRESS_EVERY.multipliedBy(n)));
                    if (sleep.isPositive()) {
                        Thread.sleep(sleep);
                    }
                    out.println(stats.line(Duration.between(start, Instant.now())));
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        for (Thread device : devices) {
            device.join();
        }
        progress.interrupt();
        progress.join();
        if (finished.compareAndSet(false, true)) {
            out.println(stats.line(Duration.between(start, Instant.now())) + "  (done)");
        }
        try {
            Runtime.getRuntime().removeShutdownHook(finalLine);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already on its way out; the hook has nothing left to print.
        }
        return 0;
    }

    /**
     * Follows redirects (plain HTTP to HTTPS) but never from HTTPS down to HTTP; with {@code cacert} the JDK's CAs
     * and that file are trusted, with full certificate and host name verification either way.
     */
    static HttpClient httpClient(@Nullable Path cacert) throws IOException, GeneralSecurityException {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (cacert != null) {
            builder.sslContext(TrustedCertificates.sslContext(cacert));
        }
        return builder.build();
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
