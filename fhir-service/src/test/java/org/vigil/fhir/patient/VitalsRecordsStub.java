package org.vigil.fhir.patient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * vitals-service's internal Patient and device-record API (issue 5 contract) played in memory: versions, If-Match,
 * conditional creates per identifier, searches with limit/offset/total, device assignment history. Also answers
 * the care-team lookup: "ada" looks after {@link #ADAS_PATIENT}.
 */
public final class VitalsRecordsStub {

    public static final String ADAS_PATIENT = "0a000000-0000-4000-8000-000000000001";

    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, Object>> patients = new ConcurrentHashMap<>();
    final Map<String, Map<String, Object>> devices = new ConcurrentHashMap<>();

    VitalsRecordsStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/v1/", this::answer);
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Stores a patient directly, as if created earlier. */
    synchronized String patient(String id, String family, String birthDate, String... identifiers) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("versionId", "1");
        p.put("lastUpdated", "2026-11-21T10:00:00Z");
        p.put("family", family);
        p.put("birthDate", birthDate);
        p.put("identifiers", List.of(identifiers));
        List<Map<String, Object>> ids = new ArrayList<>();
        for (String identifier : identifiers) {
            String[] parts = identifier.split("\\|", 2);
            ids.add(Map.of("system", parts[0], "value", parts[1]));
        }
        p.put("resource", Map.of("resourceType", "Patient", "identifier", ids, "name", List.of(Map.of("family", family)),
                "birthDate", birthDate));
        patients.put(id, p);
        return id;
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = query(rawQuery);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + path + (rawQuery == null ? "" : "?" + URLDecoder.decode(rawQuery,
                StandardCharsets.UTF_8)) + (body.isEmpty() ? "" : " " + body));
        if (path.startsWith("/internal/v1/subjects/")) {
            String subject = path.substring("/internal/v1/subjects/".length(), path.lastIndexOf('/'));
            send(exchange, 200, Map.of("subject", subject, "patients", subject.equals("ada")
                    ? List.of(Map.of("patientId", ADAS_PATIENT, "basis", "care-team")) : List.of()));
        } else if (path.equals("/internal/v1/patients") && method.equals("POST")) {
            write(exchange, patients, null, query, JSON.readValue(body, Map.class), "patient");
        } else if (path.startsWith("/internal/v1/patients/") && method.equals("PUT")) {
            write(exchange, patients, path.substring("/internal/v1/patients/".length()), query,
                    JSON.readValue(body, Map.class), "patient");
        } else if (path.startsWith("/internal/v1/patients/")) {
            Map<String, Object> p = patients.get(path.substring("/internal/v1/patients/".length()));
            send(exchange, p == null ? 404 : 200, p == null ? problem(404, "no such patient") : p);
        } else if (path.equals("/internal/v1/patients")) {
            List<Map<String, Object>> found = patients.values().stream()
                    .filter(p -> !query.containsKey("id") || List.of(query.get("id").split(",")).contains(p.get("id")))
                    .filter(p -> !query.containsKey("identifier") || matches(p, query.get("identifier")))
                    .filter(p -> !query.containsKey("family") || String.valueOf(p.get("family")).toLowerCase()
                            .startsWith(query.get("family").toLowerCase()))
                    .sorted(Comparator.comparing(p -> String.valueOf(p.get("family")) + p.get("id")))
                    .toList();
            send(exchange, 200, Map.of("patients", page(found, query), "total", found.size()));
        } else if (path.equals("/internal/v1/device-records") && method.equals("POST")) {
            write(exchange, devices, null, query, JSON.readValue(body, Map.class), "device");
        } else if (path.startsWith("/internal/v1/device-records/") && method.equals("PUT")) {
            write(exchange, devices, path.substring("/internal/v1/device-records/".length()), query,
                    JSON.readValue(body, Map.class), "device");
        } else if (path.startsWith("/internal/v1/device-records/")) {
            Map<String, Object> d = devices.get(path.substring("/internal/v1/device-records/".length()));
            send(exchange, d == null ? 404 : 200, d == null ? problem(404, "no such device") : d);
        } else if (path.equals("/internal/v1/device-records")) {
            List<Map<String, Object>> found = devices.values().stream()
                    .filter(d -> !query.containsKey("identifier") || matches(d, query.get("identifier"))
                            || ("urn:vigil:device-serial|" + d.get("serial")).equals(query.get("identifier")))
                    .filter(d -> !query.containsKey("patientId") || ((List<?>) d.get("assignments")).stream()
                            .anyMatch(a -> query.get("patientId").equals(((Map<?, ?>) a).get("patientId"))))
                    .sorted(Comparator.comparing(d -> String.valueOf(d.get("id"))))
                    .toList();
            send(exchange, 200, Map.of("devices", page(found, query), "total", found.size()));
        } else {
            send(exchange, 404, problem(404, "not found"));
        }
    }

    @SuppressWarnings("unchecked")
    private void write(HttpExchange exchange, Map<String, Map<String, Object>> store, String id,
            Map<String, String> query, Map<String, Object> body, String kind) throws IOException {
        if (id == null && query.containsKey("ifNoneExist")) {
            String identifier = query.get("ifNoneExist").substring("identifier=".length());
            List<Map<String, Object>> matches = store.values().stream().filter(r -> matches(r, identifier)).toList();
            if (matches.size() > 1) {
                send(exchange, 412, problem(412, "2 " + kind + "s have that identifier"));
                return;
            }
            if (matches.size() == 1) {
                Map<String, Object> match = matches.get(0);
                send(exchange, 200, Map.of("id", match.get("id"), "versionId", match.get("versionId"),
                        "lastUpdated", match.get("lastUpdated"), "created", false));
                return;
            }
        }
        Map<String, Object> record = new LinkedHashMap<>(body);
        Instant now = Instant.now();
        if (id == null) {
            record.put("id", UUID.randomUUID().toString());
            record.put("versionId", "1");
        } else {
            Map<String, Object> current = store.get(id);
            if (current == null) {
                send(exchange, 404, problem(404, "no such " + kind));
                return;
            }
            if (query.containsKey("ifMatch") && !query.get("ifMatch").equals(current.get("versionId"))) {
                send(exchange, 412, problem(412, "version " + current.get("versionId") + " is current"));
                return;
            }
            record.put("id", id);
            record.put("versionId", String.valueOf(Integer.parseInt((String) current.get("versionId")) + 1));
            if (kind.equals("device")) {
                record.put("assignments", current.get("assignments"));
            }
        }
        record.put("lastUpdated", now.toString());
        if (kind.equals("device")) {
            List<Object> assignments = new ArrayList<>(
                    (List<Object>) record.getOrDefault("assignments", List.of()));
            Object patientId = body.get("patientId");
            String previous = id == null ? null : (String) store.get(id).get("patientId");
            if (patientId != null && !patientId.equals(previous)) {
                assignments.add(Map.of("patientId", patientId, "from", now.toString()));
            }
            record.put("assignments", assignments);
            if (patientId == null) {
                record.remove("patientId");
            }
        }
        store.put((String) record.get("id"), record);
        send(exchange, id == null ? 201 : 200, Map.of("id", record.get("id"), "versionId", record.get("versionId"),
                "lastUpdated", record.get("lastUpdated"), "created", id == null));
    }

    private static boolean matches(Map<String, Object> record, String identifier) {
        Object identifiers = record.get("identifiers");
        if (!(identifiers instanceof List<?> list)) {
            return false;
        }
        return list.stream().map(String::valueOf).anyMatch(i -> identifier.contains("|") ? i.equals(identifier)
                : i.endsWith("|" + identifier));
    }

    private static List<Map<String, Object>> page(List<Map<String, Object>> found, Map<String, String> query) {
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        return found.subList(Math.min(offset, found.size()), Math.min(offset + limit, found.size()));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Map<String, Object> problem(int status, String detail) {
        return Map.of("status", status, "title", "refused", "detail", detail);
    }

    private static void send(HttpExchange exchange, int status, Object json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json"
                : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
