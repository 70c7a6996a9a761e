package org.vigil.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.vigil.bench.Metrics.Snapshot;
import org.vigil.simulator.gateway.AccessTokens;
import org.vigil.simulator.gateway.TrustedCertificates;
import tools.jackson.databind.JsonNode;

/**
 * The clinician dashboard's ward call end to end: {@code GET /api/v1/ward} through the gateway (HTTPS), with the
 * session cookie of a real sign-in, for a clinician whose one care team holds {@code --patients} patients.
 *
 * <p>Seeds through the public API as any client could ({@link WardSeeder}), waits until alert-service has scored every
 * bench patient, signs in as the clinician the way a browser does ({@link BrowserSignIn}), then sends
 * {@code --warmup} untimed and {@code --requests} timed sequential ward requests with the cookie, and the same for
 * {@code ?patientId=} of one patient. Every answer is checked (200 and at least the seeded patients, or exactly the
 * one row): a fast error is not a result. When alert-service's and vitals-service's Prometheus endpoints are reachable,
 * their own time for the same requests is printed beside it, so the gateway's share shows.
 */
public final class WardBenchmark {

    private WardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        URI gateway = URI.create(options.getOrDefault("gateway", "https://localhost:8443"));
        int patients = Integer.parseInt(options.getOrDefault("patients", "500"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "1000"));
        int threads = Integer.parseInt(options.getOrDefault("seed-threads", "4"));
        // At most one request per pace: the gateway limits a caller to 100 a second (burst 200), and a one-row answer
        // on a quiet machine comes back in well under 10 ms.
        long paceNanos = Duration.ofMillis(Long.parseLong(options.getOrDefault("pace-ms", "20"))).toNanos();
        Duration catchUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("catch-up-seconds", "600")));
        String user = options.getOrDefault("user", "ben");
        String password = options.getOrDefault("password", "ben-demo-password");
        URI alertMetrics = URI.create(options.getOrDefault("alert-metrics",
                "http://localhost:9083/actuator/prometheus"));
        URI vitalsMetrics = URI.create(options.getOrDefault("vitals-metrics",
                "http://localhost:9082/actuator/prometheus"));
        if (!loopback(gateway)) {
            throw new IllegalArgumentException("--gateway must be on this machine (localhost, 127.0.0.1): " + gateway);
        }

        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        @Nullable SSLSocketFactory sockets = null;
        @Nullable SSLContext tls = null;
        if (options.containsKey("cacert")) {
            tls = TrustedCertificates.sslContext(Path.of(options.get("cacert")));
            builder.sslContext(tls);
            sockets = tls.getSocketFactory();
        }
        HttpClient http = builder.build();
        AccessTokens tokens = new AccessTokens(gateway, options.getOrDefault("client-id", "demo-admin"),
                options.getOrDefault("client-secret", "demo-admin-secret"), http, Duration.ofSeconds(10));
        WardSeeder seeder = new WardSeeder(gateway, http, tokens);

        System.out.printf("[ward] load average %s; seeding %d patients for %s%n", load(), patients, user);
        seeder.releaseEarlierTeams(user);
        long seedStart = System.nanoTime();
        WardSeeder.Seeded seeded = seeder.seed(user, patients, threads);
        System.out.printf("[ward] seeded care team %s (%s): %d patients, devices, readings in %.0f s%n",
                seeded.teamId(), seeded.teamName(), seeded.patientIds().size(),
                (System.nanoTime() - seedStart) / 1e9);
        try {
            long waitStart = System.nanoTime();
            seeder.awaitScored(seeded, catchUp);
            System.out.printf("[ward] alert-service caught up in %.0f s: every bench patient has a complete NEWS2,"
                    + " every tenth an open clinical alert%n", (System.nanoTime() - waitStart) / 1e9);

            long settleStart = System.nanoTime();
            boolean settled = seeder.awaitSilenceSettled(seeded, Duration.ofSeconds(
                    Long.parseLong(options.getOrDefault("settle-seconds", "420"))));
            System.out.printf("[ward] %s after %.0f s%n", settled
                    ? "the silence check is done with the bench devices (each has its urgent 'device silent' alert)"
                    : "the silence check is not done with the bench devices; timing anyway",
                    (System.nanoTime() - settleStart) / 1e9);

            String cookies = BrowserSignIn.signIn(gateway, tls, user, password);
            URI ward = gateway.resolve("/api/v1/ward");
            String one = seeded.outOfRange();
            URI row = gateway.resolve("/api/v1/ward?patientId=" + one);

            Answer first = get(ward, cookies, sockets);
            JsonNode rows = WardSeeder.JSON.readTree(first.body()).path("patients");
            Set<String> seen = new HashSet<>();
            rows.forEach(r -> seen.add(r.path("patientId").asString()));
            if (first.status() != 200 || !seen.containsAll(seeded.patientIds())) {
                throw new IllegalStateException("the ward of " + user + " answered " + first.status() + " without all "
                        + "bench patients (" + rows.size() + " rows)");
            }
            if (rows.size() != patients) {
                System.out.printf("[ward] note: %s sees %d patients, not %d (another care team or break-glass)%n",
                        user, rows.size(), patients);
            }

            ProcessCpu cpu = new ProcessCpu(options.getOrDefault("cpu-pids", ""));
            // The platform's background (the simulator's readings, scheduled checks), measured with no request going
            // on, so that the CPU per request can also be given net of it.
            int idleSeconds = Integer.parseInt(options.getOrDefault("idle-seconds", "15"));
            Map<String, Double> idleBefore = cpu.snapshot();
            long idleStart = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(idleSeconds));
            Map<String, Double> idle = ProcessCpu.rate(idleBefore, cpu.snapshot(),
                    (System.nanoTime() - idleStart) / 1e9);
            System.out.printf("[ward-gateway] background CPU with no request (%d s, share of one core): %s%n",
                    idleSeconds, ProcessCpu.describeRate(idle));
            Result whole = time("GET /api/v1/ward", ward, cookies, sockets, warmup, requests, rows.size(),
                    alertMetrics, vitalsMetrics, cpu, idle, paceNanos);
            Result single = time("GET /api/v1/ward?patientId=", row, cookies, sockets, warmup, requests, 1,
                    alertMetrics, vitalsMetrics, cpu, idle, paceNanos);
            if (options.containsKey("out")) {
                Files.writeString(Path.of(options.get("out")), "ward " + Arrays.toString(whole.latencies())
                        + "\nrow " + Arrays.toString(single.latencies()) + "\n");
            }
        } finally {
            if (!Boolean.parseBoolean(options.getOrDefault("keep-team", "false"))) {
                seeder.removeMember(seeded.teamId(), user);
                System.out.printf("[ward] %s removed from %s again (its patients stay, in no clinician's ward)%n",
                        user, seeded.teamName());
            }
        }
    }

    record Answer(int status, String body, int bytes) {
    }

    record Result(long[] latencies) {
    }

    /** Warm-up, then timed sequential requests, each answer checked; prints the percentiles and the server's share. */
    private static Result time(String label, URI uri, String cookies, @Nullable SSLSocketFactory sockets, int warmup,
            int requests, int expectedRows, URI alertMetrics, URI vitalsMetrics, ProcessCpu cpu, Map<String, Double> idle,
            long paceNanos)
            throws IOException, InterruptedException {
        for (int i = 0; i < warmup; i++) {
            long t0 = System.nanoTime();
            check(label, get(uri, cookies, sockets), expectedRows);
            pace(t0, paceNanos);
        }
        String loadBefore = load();
        @Nullable Snapshot alertBefore = Metrics.scrape(alertMetrics, "/api/v1/ward");
        @Nullable Snapshot vitalsBefore = Metrics.scrape(vitalsMetrics, "/internal/v1/patient-summaries");
        Map<String, Double> cpuBefore = cpu.snapshot();
        long[] latencies = new long[requests];
        int bytes = 0;
        long began = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            Answer answer = get(uri, cookies, sockets);
            latencies[i] = System.nanoTime() - t0;
            check(label, answer, expectedRows);
            bytes = answer.bytes();
            pace(t0, paceNanos);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Map<String, Double> cpuAfter = cpu.snapshot();
        @Nullable Snapshot alertAfter = Metrics.scrape(alertMetrics, "/api/v1/ward");
        @Nullable Snapshot vitalsAfter = Metrics.scrape(vitalsMetrics, "/internal/v1/patient-summaries");
        Arrays.sort(latencies);
        System.out.printf("[ward-gateway] %s rows=%d bytes=%,d requests=%d p50=%.1fms p95=%.1fms p99=%.1fms"
                + " max=%.1fms mean=%.1fms (%.1f s; load average before %s, after %s)%n", label, expectedRows,
                bytes, requests, ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99),
                latencies[requests - 1] / 1e6, Arrays.stream(latencies).average().orElse(0) / 1e6, seconds,
                loadBefore, load());
        System.out.printf("[ward-gateway]   client wall time (mean) %.1f ms; %s; %s%n",
                Arrays.stream(latencies).average().orElse(0) / 1e6,
                Metrics.describe("alert-service /api/v1/ward", alertBefore, alertAfter),
                Metrics.describe("vitals-service /internal/v1/patient-summaries", vitalsBefore, vitalsAfter));
        System.out.printf("[ward-gateway]   CPU per request: %s%n",
                ProcessCpu.perRequest(cpuBefore, cpuAfter, requests));
        System.out.printf("[ward-gateway]   CPU per request, background subtracted: %s%n",
                ProcessCpu.perRequestNet(cpuBefore, cpuAfter, idle, seconds, requests));
        return new Result(latencies);
    }

    /** Sleeps until {@code paceNanos} after {@code started}, if the request took less. */
    private static void pace(long started, long paceNanos) throws InterruptedException {
        long left = started + paceNanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private static void check(String label, Answer answer, int expectedRows) {
        int rows = count(answer.body(), "\"patientId\":");
        if (answer.status() != 200 || rows < expectedRows) {
            throw new IllegalStateException(label + " answered " + answer.status() + " with " + rows
                    + " rows, expected " + expectedRows + ": "
                    + answer.body().substring(0, Math.min(300, answer.body().length())));
        }
    }

    /**
     * One GET as the dashboard's {@code api()} sends it: {@code Accept: application/json} and the browser's cookies,
     * over a blocking keep-alive connection (the JDK HttpClient's selector hand-off would add client time).
     */
    static Answer get(URI uri, String cookies, @Nullable SSLSocketFactory sockets) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        if (connection instanceof HttpsURLConnection https && sockets != null) {
            https.setSSLSocketFactory(sockets);
        }
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setInstanceFollowRedirects(false);
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("Cookie", cookies);
        int status = connection.getResponseCode();
        // Read to the end (also an error's body), so that the connection goes back to the keep-alive cache.
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
            return new Answer(status, new String(bytes, StandardCharsets.UTF_8), bytes.length);
        }
    }

    private static int count(String body, String needle) {
        int found = 0;
        for (int at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + needle.length())) {
            found++;
        }
        return found;
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double ms(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** The 1, 5 and 15 minute load averages (Linux), to read the numbers against the machine's other work. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static boolean loopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
