package org.vigil.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * vitals-service's internal API as ingest-service calls it (docs/architecture.md, "Internal API"), played in memory:
 * devices by token hash, and reading claims per device.
 */
final class FakeVitalsService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, ObjectNode> devicesByTokenHash = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> claimsByDevice = new ConcurrentHashMap<>();
    private final Set<String> failingDevices = ConcurrentHashMap.newKeySet();
    final AtomicInteger deviceLookups = new AtomicInteger();
    final AtomicInteger claimCalls = new AtomicInteger();
    final List<String> released = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeVitalsService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/devices/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    record Assignment(String patientId, Instant from, @Nullable Instant to) {
    }

    void device(String tokenHash, String deviceId, boolean active, Assignment... assignments) {
        ObjectNode device = JSON.createObjectNode();
        device.put("deviceId", deviceId);
        device.put("active", active);
        ArrayNode history = device.putArray("assignments");
        for (Assignment assignment : assignments) {
            ObjectNode a = history.addObject();
            a.put("patientId", assignment.patientId());
            a.put("from", assignment.from().toString());
            if (assignment.to() != null) {
                a.put("to", assignment.to().toString());
            }
        }
        devicesByTokenHash.put(tokenHash, device);
    }

    /** Claims for this device answer 500, as a vitals-service in trouble would. */
    void failClaimsOf(String deviceId) {
        failingDevices.add(deviceId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.substring("/internal/v1/devices/".length()).split("/");
            if (parts.length == 2 && parts[0].equals("by-token-hash") && exchange.getRequestMethod().equals("GET")) {
                deviceLookups.incrementAndGet();
                ObjectNode device = devicesByTokenHash.get(parts[1]);
                if (device == null) {
                    answer(exchange, 404, null);
                } else {
                    answer(exchange, 200, JSON.writeValueAsBytes(device));
                }
                return;
            }
            if (parts.length >= 2 && parts[1].equals("reading-claims") && exchange.getRequestMethod().equals("POST")) {
                String deviceId = parts[0];
                if (failingDevices.contains(deviceId)) {
                    answer(exchange, 500, null);
                    return;
                }
                JsonNode ids = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("readingIds");
                Set<String> claims = claimsByDevice.computeIfAbsent(deviceId, d -> ConcurrentHashMap.newKeySet());
                if (parts.length == 3 && parts[2].equals("release")) {
                    for (JsonNode id : ids) {
                        claims.remove(id.asString());
                        released.add(id.asString());
                    }
                    answer(exchange, 204, null);
                    return;
                }
                claimCalls.incrementAndGet();
                List<String> claimed = new ArrayList<>();
                for (JsonNode id : ids) {
                    if (claims.add(id.asString())) {
                        claimed.add(id.asString());
                    }
                }
                answer(exchange, 200, JSON.writeValueAsBytes(Map.of("claimed", claimed)));
                return;
            }
            answer(exchange, 404, null);
        }
    }

    private static void answer(HttpExchange exchange, int status, byte @Nullable [] body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
