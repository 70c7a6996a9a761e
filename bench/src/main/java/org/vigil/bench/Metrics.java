package org.vigil.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A service's own time for one URI, from Micrometer's {@code http_server_requests_seconds} on its Prometheus endpoint:
 * scraped before and after the timed requests, the difference is the server side of exactly those requests (the
 * service is called by nothing else of the bench's meanwhile; the dashboard's refreshes of other users would count).
 */
final class Metrics {

    private static final Pattern LINE = Pattern.compile(
            "^http_server_requests_seconds_(count|sum|bucket)\\{([^}]*)}\\s+(\\S+)$");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Metrics() {
    }

    /** Requests, total seconds, and cumulative bucket counts by upper bound (empty without a histogram). */
    record Snapshot(double count, double sum, TreeMap<Double, Double> buckets) {
    }

    /** The successful requests to {@code uri} so far, or null when the endpoint cannot be read. */
    static @Nullable Snapshot scrape(URI endpoint, String uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            double count = 0;
            double sum = 0;
            TreeMap<Double, Double> buckets = new TreeMap<>();
            for (String line : response.body().split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.matches() || !m.group(2).contains("uri=\"" + uri + "\"")
                        || !m.group(2).contains("outcome=\"SUCCESS\"")) {
                    continue;
                }
                double value = Double.parseDouble(m.group(3));
                switch (m.group(1)) {
                    case "count" -> count += value;
                    case "sum" -> sum += value;
                    default -> {
                        Matcher le = LE.matcher(m.group(2));
                        if (le.find()) {
                            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY
                                    : Double.parseDouble(le.group(1));
                            buckets.merge(bound, value, Double::sum);
                        }
                    }
                }
            }
            return new Snapshot(count, sum, buckets);
        } catch (Exception e) {
            return null;
        }
    }

    /** {@code name: n requests, mean x ms[, p95 <= y ms]}, or why not. */
    static String describe(String name, @Nullable Snapshot before, @Nullable Snapshot after) {
        if (before == null || after == null) {
            return name + ": metrics not reachable";
        }
        double count = after.count() - before.count();
        if (count <= 0) {
            return name + ": no requests counted";
        }
        String text = "%s: %.0f requests, mean %.1f ms".formatted(name, count,
                (after.sum() - before.sum()) / count * 1000);
        if (!after.buckets().isEmpty()) {
            for (Map.Entry<Double, Double> bucket : after.buckets().entrySet()) {
                double within = bucket.getValue() - before.buckets().getOrDefault(bucket.getKey(), 0.0);
                if (within >= 0.95 * count) {
                    text += ", p95 <= %.1f ms (histogram bucket)".formatted(bucket.getKey() * 1000);
                    break;
                }
            }
        }
        return text;
    }
}
