package org.vigil.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for vitals-service's {@code GET /internal/v1/subjects/{subject}/patients}, which service-support asks
 * (through {@code VIGIL_VITALS_URL}) whom a person looks after or is. Tests say who is related to whom with
 * {@link #relate}; a subject never named has no patients. It records the Authorization header of every call, so that
 * tests can see alert-service sends its own service token. Patients' summaries (the ward's names and care teams) are
 * answered from {@link #patient}. Anything else (devices) is answered 503, as if vitals were
 * down: the shared test context learns no device assignments (DeviceSilenceIT has its own stand-in).
 */
public final class FakeVitals {

    private static final String SUBJECTS = "/internal/v1/subjects/";
    private static final String SUMMARIES = "/internal/v1/patient-summaries";
    private static final Map<String, String> PATIENTS = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, List<String>> RELATIONSHIPS = new ConcurrentHashMap<>();
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    private FakeVitals() {
    }

    public static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", FakeVitals::handle);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code subject} is related to these patients on this basis ({@code care-team}, {@code self}). */
    public static void relate(String subject, String basis, String... patientIds) {
        for (String patientId : patientIds) {
            RELATIONSHIPS.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>())
                    .add("{\"patientId\":\"" + patientId + "\",\"basis\":\"" + basis + "\"}");
        }
    }

    /** {@code subject} may open this patient by a break-glass grant until {@code until}. */
    public static void breakGlass(String subject, String patientId, java.time.Instant until) {
        RELATIONSHIPS.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>()).add("{\"patientId\":\"" + patientId
                + "\",\"basis\":\"break-glass\",\"until\":\"" + until + "\"}");
    }

    /** {@code subject} is no longer related to this patient, on any basis (a care-team link ended). */
    public static void unrelate(String subject, String patientId) {
        RELATIONSHIPS.getOrDefault(subject, List.of())
                .removeIf(r -> r.contains("\"patientId\":\"" + patientId + "\""));
    }

    /**
     * vitals-service knows this patient, a member of these care teams ({@code id:name} each), for
     * {@code POST /internal/v1/patient-summaries}.
     */
    public static void patient(String id, String family, String given, String birthDate, String identifier,
            String... teams) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", id);
        summary.put("family", family);
        summary.put("given", given);
        summary.put("birthDate", birthDate);
        summary.put("identifiers", List.of(identifier));
        List<Map<String, String>> careTeams = new ArrayList<>();
        for (String team : teams) {
            int colon = team.indexOf(':');
            careTeams.add(Map.of("id", team.substring(0, colon), "name", team.substring(colon + 1)));
        }
        summary.put("careTeams", careTeams);
        PATIENTS.put(id, JSON.writeValueAsString(summary));
    }

    /** The Authorization headers of the relationship calls so far. */
    public static List<String> authorizations() {
        return List.copyOf(AUTHORIZATIONS);
    }

    /** As vitals-service: {@code {"ids": [...]}} or {@code {"all": true}}; unknown ids left out. */
    private static void summaries(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        List<String> found = new ArrayList<>();
        if (request.path("all").asBoolean(false)) {
            found.addAll(PATIENTS.values());
        } else {
            for (JsonNode id : request.path("ids")) {
                String summary = PATIENTS.get(id.asString());
                if (summary != null) {
                    found.add(summary);
                }
            }
        }
        byte[] body = ("{\"patients\":[" + String.join(",", found) + "]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST") && path.equals(SUMMARIES)) {
            summaries(exchange);
            return;
        }
        if (!exchange.getRequestMethod().equals("GET") || !path.startsWith(SUBJECTS) || !path.endsWith("/patients")) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        AUTHORIZATIONS.add(authorization == null ? "" : authorization);
        String subject = path.substring(SUBJECTS.length(), path.length() - "/patients".length());
        String patients = RELATIONSHIPS.getOrDefault(subject, List.of()).stream().collect(Collectors.joining(","));
        byte[] body = ("{\"subject\":\"" + subject + "\",\"patients\":[" + patients + "]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
