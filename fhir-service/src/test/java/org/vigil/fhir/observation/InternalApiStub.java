package org.vigil.fhir.observation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * vitals-service's and alert-service's internal APIs as the issue 5 contract states them, played in memory: readings
 * filtered by patient/device/type/time, keyset paged by (time, id) in either order, counted; lastn; Observation
 * documents (vitals panels) by id, and filtered by patient/device/code/time, keyset paged and counted as readings are;
 * device records; patients; NEWS2 scores newest first within an inclusive from/to (ties newest-stored first, as
 * alert-service's created_at order).
 */
final class InternalApiStub {

    record Reading(String id, String patientId, String deviceId, String type, Instant time, Instant receivedAt,
            double value) {

        String json() {
            String unit = switch (type) {
                case "heart-rate", "respiratory-rate" -> "/min";
                case "spo2" -> "%";
                default -> "Cel";
            };
            return """
                    {"id": "%s", "deviceId": "%s", "readingId": "r-%s", "patientId": "%s", "type": "%s",
                     "time": "%s", "receivedAt": "%s", "value": %s, "unit": "%s", "source": "device"}"""
                    .formatted(id, deviceId, id, patientId, type, time, receivedAt, value, unit);
        }
    }

    /** An Observation document: {@code resource} is the stored Observation's JSON. */
    record Document(String id, String patientId, String deviceId, String code, Instant time, Instant receivedAt,
            String resource) {

        String json() {
            return """
                    {"id": "%s", "patientId": "%s", "deviceId": "%s", "readingId": "doc-%s", "code": "%s",
                     "time": "%s", "receivedAt": "%s", "status": "final", "resource": %s}"""
                    .formatted(id, patientId, deviceId, id, code, time, receivedAt, resource);
        }
    }

    record Score(String id, String patientId, Instant computedAt, int total) {

        String json() {
            return """
                    {"id": "%s", "patientId": "%s", "total": %d, "risk": "low", "scale": 1, "complete": true,
                     "missing": [], "subScores": {"respirationRate": 0, "spo2": 0, "airOrOxygen": 0, "systolic": 0,
                     "pulse": %d, "consciousness": 0, "temperature": 0}, "computedAt": "%s", "basedOn": []}"""
                    .formatted(id, patientId, total, total, computedAt);
        }
    }

    final List<Reading> readings = new CopyOnWriteArrayList<>();
    final List<Score> scores = new CopyOnWriteArrayList<>();
    final List<Document> documents = new CopyOnWriteArrayList<>();
    final List<String> vitalsRequests = new CopyOnWriteArrayList<>();
    final List<String> alertRequests = new CopyOnWriteArrayList<>();
    final Map<String, String> devices = new LinkedHashMap<>();
    final HttpServer vitals = start(this::vitals);
    final HttpServer alert = start(this::alert);

    void clear() {
        readings.clear();
        scores.clear();
        documents.clear();
        vitalsRequests.clear();
        alertRequests.clear();
    }

    void stop() {
        vitals.stop(0);
        alert.stop(0);
    }

    String vitalsUrl() {
        return "http://localhost:" + vitals.getAddress().getPort();
    }

    String alertUrl() {
        return "http://localhost:" + alert.getAddress().getPort();
    }

    private void vitals(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> q = query(exchange);
        vitalsRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        if (path.startsWith("/internal/v1/subjects/")) {
            send(exchange, 200, "{\"subject\": \"someone\", \"patients\": []}");
        } else if (path.equals("/internal/v1/readings")) {
            readings(exchange, q);
        } else if (path.equals("/internal/v1/observation-documents")) {
            documents(exchange, q);
        } else if (path.startsWith("/internal/v1/observation-documents/")) {
            String id = path.substring("/internal/v1/observation-documents/".length());
            var found = documents.stream().filter(d -> d.id().equals(id)).findFirst();
            if (found.isPresent()) {
                send(exchange, 200, found.get().json());
            } else {
                send(exchange, 404, "{\"status\": 404, \"detail\": \"no Observation document\"}");
            }
        } else if (path.equals("/internal/v1/readings/lastn")) {
            int max = Integer.parseInt(q.getOrDefault("max", "1"));
            List<String> types = q.containsKey("type") ? List.of(q.get("type").split(",")) : null;
            Map<String, List<Reading>> byType = readings.stream()
                    .filter(r -> r.patientId().equals(q.get("patientId")))
                    .filter(r -> types == null || types.contains(r.type()))
                    .sorted(Comparator.comparing(Reading::time).thenComparing(Reading::id).reversed())
                    .collect(Collectors.groupingBy(Reading::type, LinkedHashMap::new, Collectors.toList()));
            send(exchange, 200, "{\"readings\": [" + byType.values().stream()
                    .flatMap(l -> l.stream().limit(max)).map(Reading::json).collect(Collectors.joining(",")) + "]}");
        } else if (path.startsWith("/internal/v1/device-records/") && devices.containsKey(path.substring(28))) {
            send(exchange, 200, devices.get(path.substring(28)));
        } else if (path.equals("/internal/v1/device-records")) {
            List<String> found = devices.values().stream()
                    .filter(d -> d.contains("\"patientId\": \"" + q.get("patientId") + "\"")).toList();
            send(exchange, 200, "{\"devices\": [" + String.join(",", found) + "], \"total\": " + found.size() + "}");
        } else if (path.startsWith("/internal/v1/patients/")) {
            String id = path.substring("/internal/v1/patients/".length());
            send(exchange, 200, """
                    {"id": "%s", "versionId": "2", "lastUpdated": "2026-11-20T08:00:00Z",
                     "resource": {"resourceType": "Patient", "name": [{"family": "Lovelace"}]}}""".formatted(id));
        } else {
            send(exchange, 404, "{\"status\": 404, \"detail\": \"not found\"}");
        }
    }

    private void readings(HttpExchange exchange, Map<String, String> q) throws IOException {
        if (!q.containsKey("patientId") && !q.containsKey("deviceId")) {
            send(exchange, 400, "{\"status\": 400, \"detail\": \"patientId or deviceId is required\"}");
            return;
        }
        boolean desc = "desc".equals(q.get("order"));
        Comparator<Reading> order = Comparator.comparing(Reading::time).thenComparing(Reading::id);
        if (desc) {
            order = order.reversed();
        }
        List<String> types = q.containsKey("type") ? List.of(q.get("type").split(",")) : null;
        Reading cursor = q.containsKey("cursorTime") ? new Reading(q.get("cursorId"), "", "", "",
                Instant.parse(q.get("cursorTime")), Instant.EPOCH, 0) : null;
        Comparator<Reading> finalOrder = order;
        Stream<Reading> found = readings.stream()
                .filter(r -> !q.containsKey("patientId") || r.patientId().equals(q.get("patientId")))
                .filter(r -> !q.containsKey("deviceId") || r.deviceId().equals(q.get("deviceId")))
                .filter(r -> types == null || types.contains(r.type()))
                .filter(r -> !q.containsKey("from") || !r.time().isBefore(Instant.parse(q.get("from"))))
                .filter(r -> !q.containsKey("after") || r.time().isAfter(Instant.parse(q.get("after"))))
                .filter(r -> !q.containsKey("to") || !r.time().isAfter(Instant.parse(q.get("to"))))
                .filter(r -> !q.containsKey("before") || r.time().isBefore(Instant.parse(q.get("before"))))
                .filter(r -> !q.containsKey("receivedSince")
                        || !r.receivedAt().isBefore(Instant.parse(q.get("receivedSince"))));
        if ("true".equals(q.get("count"))) {
            send(exchange, 200, "{\"total\": " + found.count() + "}");
            return;
        }
        List<String> page = found.filter(r -> cursor == null || finalOrder.compare(r, cursor) > 0)
                .sorted(order).limit(Integer.parseInt(q.getOrDefault("limit", "100")))
                .map(Reading::json).toList();
        send(exchange, 200, "{\"readings\": [" + String.join(",", page) + "]}");
    }

    private void documents(HttpExchange exchange, Map<String, String> q) throws IOException {
        if (!q.containsKey("patientId") && !q.containsKey("deviceId")) {
            send(exchange, 400, "{\"status\": 400, \"detail\": \"patientId or deviceId is required\"}");
            return;
        }
        Comparator<Document> order = Comparator.comparing(Document::time).thenComparing(Document::id);
        if ("desc".equals(q.get("order"))) {
            order = order.reversed();
        }
        List<String> codes = q.containsKey("code") ? List.of(q.get("code").split(",")) : null;
        Document cursor = q.containsKey("cursorTime") ? new Document(q.get("cursorId"), "", "", "",
                Instant.parse(q.get("cursorTime")), Instant.EPOCH, "{}") : null;
        Comparator<Document> finalOrder = order;
        Stream<Document> found = documents.stream()
                .filter(d -> !q.containsKey("patientId") || d.patientId().equals(q.get("patientId")))
                .filter(d -> !q.containsKey("deviceId") || d.deviceId().equals(q.get("deviceId")))
                .filter(d -> codes == null || codes.contains(d.code()))
                .filter(d -> !q.containsKey("from") || !d.time().isBefore(Instant.parse(q.get("from"))))
                .filter(d -> !q.containsKey("after") || d.time().isAfter(Instant.parse(q.get("after"))))
                .filter(d -> !q.containsKey("to") || !d.time().isAfter(Instant.parse(q.get("to"))))
                .filter(d -> !q.containsKey("before") || d.time().isBefore(Instant.parse(q.get("before"))))
                .filter(d -> !q.containsKey("receivedSince")
                        || !d.receivedAt().isBefore(Instant.parse(q.get("receivedSince"))));
        if ("true".equals(q.get("count"))) {
            send(exchange, 200, "{\"total\": " + found.count() + "}");
            return;
        }
        List<String> page = found.filter(d -> cursor == null || finalOrder.compare(d, cursor) > 0)
                .sorted(order).limit(Integer.parseInt(q.getOrDefault("limit", "100")))
                .map(Document::json).toList();
        send(exchange, 200, "{\"documents\": [" + String.join(",", page) + "]}");
    }

    private void alert(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> q = query(exchange);
        alertRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        if (path.matches("/internal/v1/patients/[^/]+/news2/scores")) {
            String patient = path.split("/")[4];
            List<Score> stored = new ArrayList<>(scores);
            java.util.Collections.reverse(stored); // newest stored first among equal times
            List<String> found = stored.stream()
                    .filter(s -> s.patientId().equals(patient))
                    .filter(s -> !q.containsKey("from") || !s.computedAt().isBefore(Instant.parse(q.get("from"))))
                    .filter(s -> !q.containsKey("to") || !s.computedAt().isAfter(Instant.parse(q.get("to"))))
                    .sorted(Comparator.comparing(Score::computedAt).reversed())
                    .limit(Integer.parseInt(q.getOrDefault("limit", "100")))
                    .map(Score::json).toList();
            send(exchange, 200, "{\"scores\": [" + String.join(",", found) + "]}");
        } else {
            send(exchange, 404, "{\"status\": 404}");
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            Arrays.stream(raw.split("&")).map(p -> p.split("=", 2)).forEach(p -> query.put(
                    URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
        }
        return query;
    }

    private static HttpServer start(com.sun.net.httpserver.HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/internal/v1/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json"
                : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
