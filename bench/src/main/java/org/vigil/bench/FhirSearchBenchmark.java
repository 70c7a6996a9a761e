package org.vigil.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.vigil.simulator.gateway.AccessTokens;
import org.vigil.simulator.gateway.TrustedCertificates;

/**
 * The issue 5 measurement: FHIR Observation search by patient + code + a one-day date range, {@code _count=100},
 * through the gateway, with the platform's readings table holding (at least) {@code --readings} rows.
 *
 * <p>Seeds vitals-service's tables first (see {@link ReadingSeeder}), then sends {@code --warmup} untimed and
 * {@code --requests} timed searches from {@code --concurrency} closed-loop clients, each for a random bench patient,
 * one of the five seeded codes and one random whole seeded day, and prints the latency percentiles. Every answer must
 * be a 200 searchset holding 100 Observations (a day holds 144 at the default 10-minute interval), or the run fails:
 * a fast error is not a result.
 */
public final class FhirSearchBenchmark {

    private static final Map<String, String> LOINC = Map.of("heart-rate", "8867-4", "respiratory-rate", "9279-1",
            "spo2", "59408-5", "body-temperature", "8310-5", "blood-pressure", "85354-9");
    private static final Pattern OBSERVATION = Pattern.compile("\"resourceType\":\"Observation\"");

    private FhirSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        URI gateway = URI.create(options.getOrDefault("gateway", "https://localhost:8443"));
        long readings = Long.parseLong(options.getOrDefault("readings", "10000000"));
        int patients = Integer.parseInt(options.getOrDefault("patients", "500"));
        int interval = Integer.parseInt(options.getOrDefault("interval-minutes", "10"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "2000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "1000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "1"));
        int perType = (int) Math.ceil((double) readings / patients / ReadingSeeder.TYPES.length);

        ReadingSeeder seeder = new ReadingSeeder(
                options.getOrDefault("db-url", "jdbc:postgresql://localhost:15432/vigil"),
                options.getOrDefault("db-user", "vigil"), options.getOrDefault("db-password", "vigil"));
        long seeded = seeder.seed(patients, perType, interval);
        if (Boolean.parseBoolean(options.getOrDefault("seed-only", "false"))) {
            return;
        }

        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (options.containsKey("cacert")) {
            SSLContext tls = TrustedCertificates.sslContext(Path.of(options.get("cacert")));
            builder.sslContext(tls);
        }
        HttpClient http = builder.build();
        // The timed searches go over blocking keep-alive connections (one per client, as curl or an interface engine
        // would hold), not the JDK HttpClient used for the token: that client hands every exchange to its selector
        // thread and back, which on a 2-core machine added 2-5 ms to each search and measured the client.
        @Nullable SSLSocketFactory sockets = options.containsKey("cacert")
                ? TrustedCertificates.sslContext(Path.of(options.get("cacert"))).getSocketFactory() : null;
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, concurrency)));
        AccessTokens tokens = new AccessTokens(gateway, options.getOrDefault("client-id", "demo-admin"),
                options.getOrDefault("client-secret", "demo-admin-secret"), http, Duration.ofSeconds(10));

        // Whole UTC days fully inside the seeded span: [start, end) with end the current hour's start.
        Instant end = ReadingSeeder.end();
        Instant start = end.minus(Duration.ofMinutes((long) interval * perType));
        LocalDate firstDay = start.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1);
        LocalDate lastDay = end.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        long days = lastDay.toEpochDay() - firstDay.toEpochDay() + 1;
        if (days < 1) {
            throw new IllegalStateException("the seeded span holds no whole day; raise --readings");
        }
        String[] types = LOINC.keySet().stream().sorted().toArray(String[]::new);

        System.out.printf("[bench] %,d bench readings; %d patients x %d types x %d per type every %d min;"
                + " days %s..%s; %d warm-up + %d timed requests, %d clients%n", seeded, patients, types.length,
                perType, interval, firstDay, lastDay, warmup, requests, concurrency);

        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long[] latencies = new long[requests];
        int total = warmup + requests;
        long began = 0;
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                long seed = 17L * (c + 1);
                running.add(clients.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        String patient = "bench-patient-%04d".formatted(1 + random.nextInt(patients));
                        String code = LOINC.get(types[random.nextInt(types.length)]);
                        LocalDate day = firstDay.plusDays(random.nextLong(days));
                        URI uri = URI.create(gateway + "/fhir/Observation?patient=" + patient + "&code="
                                + URLEncoder.encode("http://loinc.org|" + code, StandardCharsets.UTF_8)
                                + "&date=ge" + day + "T00:00:00Z&date=lt" + day.plusDays(1) + "T00:00:00Z"
                                + "&_count=100");
                        String authorization = tokens.authorization();
                        long t0 = System.nanoTime();
                        Answer answer = get(uri, authorization, sockets);
                        long elapsed = System.nanoTime() - t0;
                        int found = count(answer.body());
                        if (answer.status() != 200 || found != 100) {
                            if (failures.incrementAndGet() <= 5) {
                                System.out.printf("[bench] %s -> %d with %d Observations%n", uri.getRawQuery(),
                                        answer.status(), found);
                            }
                        }
                        if (i >= warmup) {
                            latencies[i - warmup] = elapsed;
                        }
                    }
                    return null;
                }));
            }
            began = System.nanoTime();
            for (Future<?> client : running) {
                client.get();
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("[fhir-search] readings=%d requests=%d concurrency=%d throughput=%.0f/s (incl. warm-up)"
                + " p50=%.1fms p90=%.1fms p95=%.1fms p99=%.1fms max=%.1fms failures=%d%n", seeded, requests,
                concurrency, total / seconds, ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.95),
                ms(latencies, 0.99), latencies[latencies.length - 1] / 1e6, failures.get());
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), Arrays.toString(latencies));
        }
        if (failures.get() > 0) {
            System.exit(1);
        }
    }

    private record Answer(int status, String body) {
    }

    private static Answer get(URI uri, String authorization, @Nullable SSLSocketFactory sockets) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        if (connection instanceof HttpsURLConnection https && sockets != null) {
            https.setSSLSocketFactory(sockets);
        }
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Authorization", authorization);
        connection.setRequestProperty("Accept", "application/fhir+json");
        int status = connection.getResponseCode();
        // Read to the end (also an error's body), so that the connection goes back to the keep-alive cache.
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new Answer(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static int count(String body) {
        Matcher matcher = OBSERVATION.matcher(body);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double ms(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
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
