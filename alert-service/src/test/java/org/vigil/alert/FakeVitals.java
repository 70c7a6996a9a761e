package org.vigil.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A stand-in for vitals-service's {@code GET /internal/v1/subjects/{subject}/patients}, which service-support asks
 * (through {@code VIGIL_VITALS_URL}) whom a person looks after or is. Tests say who is related to whom with
 * {@link #relate}; a subject never named has no patients. It records the Authorization header of every call, so that
 * tests can see alert-service sends its own service token. Anything else (devices) is answered 503, as if vitals were
 * down: the shared test context learns no device assignments (DeviceSilenceIT has its own stand-in).
 */
public final class FakeVitals {

    private static final String SUBJECTS = "/internal/v1/subjects/";
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

    /** The Authorization headers of the relationship calls so far. */
    public static List<String> authorizations() {
        return List.copyOf(AUTHORIZATIONS);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
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
