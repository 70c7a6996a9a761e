package org.vigil.fhir.write;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * vitals-service's internal API as the issue 5 contract describes it, played in-test: known patients and devices,
 * reading claims (each (device, reading id) once), stored readings by device reading id (filled by the test, as
 * vitals-service would fill them from Kafka), and record transactions (every entry created; a reading's id is its
 * event id, a document's its given id; what vitals-service does with them is vitals-service's RecordTransactionsIT).
 */
final class VitalsStub {

    static final String PATIENT_ID = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11";
    static final String OTHER_PATIENT_ID = "0c5b9e7d-1111-4a2b-8c3d-000000000002";
    static final String PATIENT_IDENTIFIER = "urn:oid:2.16.840.1.113883.2.4.6.3|999911120";
    static final String DEVICE_ID = "4a6c2f10-2222-4c3d-9e8f-000000000001";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CLAIMS = Pattern.compile("/internal/v1/devices/([^/]+)/reading-claims(/release)?");

    final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Set<String> claimed = ConcurrentHashMap.newKeySet();
    /** (deviceId + " " + readingId) to the stored reading's event id. */
    final Map<String, String> stored = new ConcurrentHashMap<>();
    final Set<String> patients = ConcurrentHashMap.newKeySet();
    volatile int transactionStatus = 200;
    volatile String transactionProblem = "";
    int created;

    VitalsStub() {
        patients.add(PATIENT_ID);
        patients.add(OTHER_PATIENT_ID);
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

    void reset() {
        requests.clear();
        transactionStatus = 200;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + exchange.getRequestURI() + " " + body);
        Matcher claims = CLAIMS.matcher(path);
        if (path.startsWith("/internal/v1/subjects/clinician-")) {
            // Clinicians named clinician-* look after PATIENT_ID (a care team).
            send(exchange, 200, "{\"subject\": \"x\", \"patients\": [{\"patientId\": \"" + PATIENT_ID
                    + "\", \"basis\": \"care-team\"}]}");
        } else if (path.startsWith("/internal/v1/subjects/")) {
            send(exchange, 200, "{\"subject\": \"x\", \"patients\": []}");
        } else if (method.equals("GET") && path.startsWith("/internal/v1/patients/")) {
            String id = path.substring("/internal/v1/patients/".length());
            if (patients.contains(id)) {
                send(exchange, 200, """
                        {"id": "%s", "versionId": "1", "lastUpdated": "2026-11-21T10:00:00Z",
                         "resource": {"resourceType": "Patient"}}""".formatted(id));
            } else {
                send(exchange, 404, "{\"title\": \"Not Found\", \"status\": 404}");
            }
        } else if (method.equals("GET") && path.equals("/internal/v1/patients")) {
            String ids = PATIENT_IDENTIFIER.equals(query.get("identifier"))
                    ? "{\"id\": \"" + PATIENT_ID + "\", \"versionId\": \"1\", \"lastUpdated\": \"2026-11-21T10:00:00Z\"}"
                    : "";
            send(exchange, 200, "{\"patients\": [" + ids + "], \"total\": " + (ids.isEmpty() ? 0 : 1) + "}");
        } else if (method.equals("GET") && path.equals("/internal/v1/device-records/" + DEVICE_ID)) {
            send(exchange, 200, """
                    {"id": "%s", "versionId": "1", "lastUpdated": "2026-11-21T10:00:00Z", "manufacturer": "Acme",
                     "serial": "SN-1", "model": "M", "active": true, "identifiers": [], "patientId": "%s",
                     "assignments": [{"patientId": "%s", "from": "2020-01-01T00:00:00Z"}]}"""
                    .formatted(DEVICE_ID, PATIENT_ID, PATIENT_ID));
        } else if (method.equals("POST") && claims.matches()) {
            String deviceId = URLDecoder.decode(claims.group(1), StandardCharsets.UTF_8);
            List<String> ids = new ArrayList<>();
            JSON.readTree(body).path("readingIds").forEach(n -> ids.add(n.asString()));
            if (claims.group(2) != null) {
                ids.forEach(id -> claimed.remove(deviceId + " " + id));
                send(exchange, 204, null);
                return;
            }
            List<String> now = ids.stream().filter(id -> claimed.add(deviceId + " " + id)).toList();
            send(exchange, 200, "{\"claimed\": [" + now.stream().map(id -> JSON.writeValueAsString(id))
                    .collect(Collectors.joining(",")) + "]}");
        } else if (method.equals("GET") && path.equals("/internal/v1/readings") && query.containsKey("readingId")) {
            String id = stored.get(query.get("deviceId") + " " + query.get("readingId"));
            send(exchange, 200, id == null ? "{\"readings\": []}" : "{\"readings\": [{\"id\": \"" + id + "\"}]}");
        } else if (method.equals("POST") && path.equals("/internal/v1/record-transactions")) {
            recordTransaction(exchange, body);
        } else {
            send(exchange, 404, "{\"title\": \"Not Found\", \"status\": 404}");
        }
    }

    private synchronized void recordTransaction(HttpExchange exchange, String body) throws IOException {
        if (transactionStatus != 200) {
            send(exchange, transactionStatus, transactionProblem);
            return;
        }
        StringBuilder answer = new StringBuilder("{\"entries\": [");
        JsonNode entries = JSON.readTree(body).path("entries");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String kind = entry.path("kind").asString();
            String id = switch (kind) {
                case "reading" -> entry.path("reading").path("event").path("eventId").asString();
                case "document" -> entry.path("document").path("id").asString();
                default -> kind + "-" + (++created);
            };
            if (kind.equals("patient")) {
                patients.add(id);
            }
            answer.append(i == 0 ? "" : ",").append("""
                    {"ref": "%s", "id": "%s", "versionId": "1", "lastUpdated": "2026-11-21T10:00:00Z",
                     "created": true}""".formatted(entry.path("ref").asString(), id));
        }
        send(exchange, 200, answer.append("]}").toString());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                query.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
