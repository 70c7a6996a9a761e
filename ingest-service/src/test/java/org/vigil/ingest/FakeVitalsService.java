package org.vigil.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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
 *
 * <p>Like the real one, it answers 401 to any call without a service's access token: a JWT whose {@code scope} claim
 * holds {@code internal:devices.read} (the payload is read, the signature is vitals-service's business, not this fake's). A
 * reading claim must carry the device's {@code tokenHash}, and is refused with 401 {@code credentials-revoked} once
 * that token has been {@link #revoke revoked}.
 */
final class FakeVitalsService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, ObjectNode> devicesByTokenHash = new ConcurrentHashMap<>();
    private final Set<String> revokedTokenHashes = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> claimsByDevice = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> claimCallsByDevice = new ConcurrentHashMap<>();
    private final Set<String> failingDevices = ConcurrentHashMap.newKeySet();
    final AtomicInteger deviceLookups = new AtomicInteger();
    final AtomicInteger claimCalls = new AtomicInteger();
    /** Calls that carried a service token with ingest's internal scopes, and calls that did not (answered 401). */
    final AtomicInteger authorizedCalls = new AtomicInteger();
    final AtomicInteger unauthorizedCalls = new AtomicInteger();
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

    /** {@code endRecordedAt}: when vitals-service recorded the end (null: not said, as for old ends). */
    record Assignment(String patientId, Instant from, @Nullable Instant to, @Nullable Instant endRecordedAt) {

        Assignment(String patientId, Instant from, @Nullable Instant to) {
            this(patientId, from, to, null);
        }
    }

    void device(String tokenHash, String deviceId, boolean active, Assignment... assignments) {
        device(tokenHash, deviceId, active, null, assignments);
    }

    /** A device whose token was issued at {@code tokenIssuedAt} (vitals-service says so; null: it does not). */
    void device(String tokenHash, String deviceId, boolean active, @Nullable Instant tokenIssuedAt,
            Assignment... assignments) {
        ObjectNode device = JSON.createObjectNode();
        if (tokenIssuedAt != null) {
            device.put("tokenIssuedAt", tokenIssuedAt.toString());
        }
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
            if (assignment.endRecordedAt() != null) {
                a.put("endRecordedAt", assignment.endRecordedAt().toString());
            }
        }
        devicesByTokenHash.put(tokenHash, device);
        revokedTokenHashes.remove(tokenHash);
    }

    /**
     * The token is revoked, as an admin revoking or rotating the device's credentials would: lookups by its hash find
     * nothing and claims carrying it are refused. No DeviceChanged is sent, so ingest's cache stays warm.
     */
    void revoke(String tokenHash) {
        revokedTokenHashes.add(tokenHash);
        devicesByTokenHash.remove(tokenHash);
    }

    /** Claims for this device answer 500, as a vitals-service in trouble would. */
    void failClaimsOf(String deviceId) {
        failingDevices.add(deviceId);
    }

    /** How many claim calls (not releases) were made for the device. */
    int claimCallsOf(String deviceId) {
        AtomicInteger calls = claimCallsByDevice.get(deviceId);
        return calls == null ? 0 : calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!carriesServiceToken(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorizedCalls.incrementAndGet();
                answer(exchange, 401, null);
                return;
            }
            authorizedCalls.incrementAndGet();
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
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                JsonNode ids = body.path("readingIds");
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
                claimCallsByDevice.computeIfAbsent(deviceId, d -> new AtomicInteger()).incrementAndGet();
                // Stricter than vitals-service, where tokenHash is optional: this proves ingest always sends it.
                if (!body.path("tokenHash").isString()) {
                    answer(exchange, 400, null);
                    return;
                }
                String tokenHash = body.path("tokenHash").asString();
                ObjectNode holder = devicesByTokenHash.get(tokenHash);
                if (revokedTokenHashes.contains(tokenHash) || holder == null
                        || !holder.path("deviceId").asString().equals(deviceId)) {
                    exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                    byte[] problem = JSON.writeValueAsBytes(Map.of("type", "about:blank", "title", "Unauthorized",
                            "status", 401, "detail", "This device token has been revoked or replaced",
                            "reason", "credentials-revoked"));
                    exchange.sendResponseHeaders(401, problem.length);
                    exchange.getResponseBody().write(problem);
                    return;
                }
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

    /** {@code Bearer <header>.<payload>.<signature>} whose payload's scope includes ingest's device look-up scope. */
    private static boolean carriesServiceToken(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] jwt = authorization.substring("Bearer ".length()).split("\\.");
        if (jwt.length != 3 || jwt[2].isEmpty()) {
            return false;
        }
        try {
            JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
            return Arrays.asList(payload.path("scope").asString("").split(" ")).contains("internal:devices.read");
        } catch (RuntimeException e) {
            return false;
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
