package org.vigil.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the gateway's public API, just enough to drive the simulator's HTTP side in a unit test: the
 * platform itself is exercised by the lead's end-to-end test.
 */
final class FakeGateway implements AutoCloseable {

    record Received(String method, String path, String contentType, String authorization, String raw,
            JsonNode body) {
    }

    static final String CLIENT_BASIC = "Basic "
            + Base64.getEncoder().encodeToString("demo-admin:demo-admin-secret".getBytes(StandardCharsets.UTF_8));

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger unavailableBeforeFirstPatient = new AtomicInteger();
    volatile int deviceStatus = 201;
    final AtomicInteger unavailableReadingRequests = new AtomicInteger();
    private final AtomicInteger patients = new AtomicInteger();
    private final AtomicInteger devices = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();
    /** Access tokens the API takes; the first one is forgotten after this many provisioning calls (a restart). */
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger forgetTokensAfter = new AtomicInteger(Integer.MAX_VALUE);
    volatile String careTeamsBody = "{\"careTeams\":[]}";
    volatile int patientUserStatus = 204;

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        received.add(new Received(exchange.getRequestMethod(), path, contentType, authorization, raw,
                raw.isBlank() || !contentType.contains("json") ? json.missingNode() : json.readTree(raw)));
        if (path.equals("/oauth2/token")) {
            if (!CLIENT_BASIC.equals(authorization)) {
                answer(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
                return;
            }
            String token = "at-secret-" + tokens.incrementAndGet();
            validTokens.add(token);
            answer(exchange, 200, "application/json",
                    "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":299}");
            return;
        }
        if (!path.equals("/api/v1/readings")) {
            if (forgetTokensAfter.getAndDecrement() == 0) {
                validTokens.clear();
            }
            if (!authorization.startsWith("Bearer ") || !validTokens.contains(authorization.substring(7))) {
                answer(exchange, 401, "application/problem+json", "{\"detail\":\"Full authentication required\"}");
                return;
            }
        }
        if (path.equals("/api/v1/care-teams")) {
            if (exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 200, "application/json", careTeamsBody);
            } else {
                answer(exchange, 201, "application/json", "{\"id\":\"ct-new\",\"name\":"
                        + json.writeValueAsString(received.getLast().body().path("name").asString())
                        + ",\"members\":[],\"patients\":[]}");
            }
        } else if (path.matches("/api/v1/care-teams/[^/]+/(members|patients)/[^/]+")) {
            answer(exchange, 204, "application/json", "");
        } else if (path.matches("/api/v1/patients/[^/]+/user")) {
            answer(exchange, patientUserStatus, "application/problem+json",
                    patientUserStatus == 409 ? "{\"detail\":\"pat is linked to another patient\"}" : "");
        } else if (path.equals("/fhir/Patient")) {
            if (unavailableBeforeFirstPatient.getAndDecrement() > 0) {
                answer(exchange, 503, "application/problem+json", "{\"title\":\"Service Unavailable\"}");
                return;
            }
            int n = patients.incrementAndGet();
            if (n % 2 == 0) {
                // As HAPI answers by default: the Location header, and here an OperationOutcome as the body.
                exchange.getResponseHeaders().set("Location", uri() + "/fhir/Patient/p-" + n + "/_history/1");
                answer(exchange, 201, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\"}");
                return;
            }
            answer(exchange, 201, "application/fhir+json", "{\"resourceType\":\"Patient\",\"id\":\"p-" + n + "\"}");
        } else if (path.equals("/api/v1/devices")) {
            if (deviceStatus != 201) {
                answer(exchange, deviceStatus, "application/problem+json",
                        "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"a device with this serial exists\"}");
                return;
            }
            int n = devices.incrementAndGet();
            answer(exchange, 201, "application/json", "{\"id\":\"d-" + n + "\",\"token\":\"tok-secret-" + n + "\"}");
        } else if (path.matches("/api/v1/devices/[^/]+/assignments")) {
            answer(exchange, 201, "application/json", "{}");
        } else if (path.equals("/api/v1/readings")) {
            if (unavailableReadingRequests.getAndDecrement() > 0) {
                answer(exchange, 503, "application/problem+json", "{\"detail\":\"Kafka is not answering\"}");
                return;
            }
            int count = received.getLast().body().path("readings").size();
            answer(exchange, 202, "application/json",
                    "{\"accepted\":" + count + ",\"duplicates\":0,\"rejected\":[]}");
        } else {
            answer(exchange, 404, "application/problem+json", "{\"detail\":\"no route\"}");
        }
    }

    /** The reading ids of each POST /api/v1/readings, in order. */
    List<List<String>> readingBatches() {
        return to("/api/v1/readings").stream()
                .map(request -> request.body().path("readings").values().stream()
                        .map(reading -> reading.path("id").asString())
                        .toList())
                .toList();
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    List<Received> to(String pathPattern) {
        return received.stream().filter(r -> r.path().matches(pathPattern)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
