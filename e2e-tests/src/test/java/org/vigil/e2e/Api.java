package org.vigil.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API as a client, a dashboard or a device sees it through the gateway: HTTPS and JSON. Requests carry the
 * demo-admin client's token (client credentials, it may do everything) unless another caller is chosen with
 * {@link #as(String)}, {@link #anonymous()} or a device's own token.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway;
    private final HttpClient http;
    private final @Nullable Supplier<String> bearer;
    private final @Nullable Supplier<String> csrf;

    Api(URI gateway) {
        this(gateway, Tokens::admin, null, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private Api(URI gateway, @Nullable Supplier<String> bearer, @Nullable Supplier<String> csrf, HttpClient http) {
        this.gateway = gateway;
        this.bearer = bearer;
        this.csrf = csrf;
        this.http = http;
    }

    /** The same API called with this access token. */
    Api as(String token) {
        return new Api(gateway, () -> token, null, http);
    }

    /**
     * The same caller connecting from this loopback address (127.0.0.2 and up are all this machine): the gateway
     * limits some things per address, and a test that exhausts a limit must not exhaust it for the other tests.
     */
    Api from(InetAddress local) {
        return new Api(gateway, bearer, csrf, HttpClient.newBuilder().localAddress(local)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** The same API called with no credentials at all. */
    Api anonymous() {
        return new Api(gateway, null, null, http);
    }

    /** The same caller, but never sending a CSRF token (what a forged cross-site request looks like). */
    Api withoutCsrf() {
        return new Api(gateway, bearer, null, http);
    }

    /** The same API called by a signed-in browser: its session cookie, and the CSRF token on unsafe methods. */
    Api browser(BrowserSession session) {
        return new Api(gateway, null, session::csrfToken, session.client());
    }

    record Response(int status, String contentType, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    record Device(String id, String token) {
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).GET());
    }

    Response post(String path, @Nullable String json) {
        return send(HttpRequest.newBuilder(gateway.resolve(path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Response put(String path, @Nullable String json) {
        return send(HttpRequest.newBuilder(gateway.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).DELETE());
    }

    /** A POST with exactly this bearer token, or with no Authorization header at all when it is null. */
    Response post(String path, @Nullable String json, @Nullable String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(request.timeout(Duration.ofSeconds(30)).build());
    }

    /** Sends the request as this Api's caller (adds its bearer token unless the request has one). */
    Response send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        if (bearer != null && built.headers().firstValue("Authorization").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true)
                    .header("Authorization", "Bearer " + bearer.get()).build();
        }
        if (csrf != null && !built.method().equals("GET")) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("X-XSRF-TOKEN", csrf.get()).build();
        }
        return exchange(built);
    }

    private Response exchange(HttpRequest built) {
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException("request to " + gateway + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A GET written byte for byte on a socket, for request lines that java.net.URI refuses but curl sends as typed,
     * such as a FHIR token with a raw {@code |}. Answers the status code.
     */
    int rawGetStatus(String pathAndQuery) {
        try (java.net.Socket socket = javax.net.ssl.SSLSocketFactory.getDefault().createSocket()) {
            socket.connect(new java.net.InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
                    + "\r\nAccept: application/fhir+json\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer.get() + "\r\n")
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new IllegalStateException("raw request to " + gateway + " failed", e);
        }
    }

    /** Registers a device with a unique serial and answers its id and token. */
    Device registerDevice(String manufacturer) {
        String serial = "SN-" + UUID.randomUUID();
        Response response = post("/api/v1/devices",
                "{\"serial\":\"" + serial + "\",\"manufacturer\":\"" + manufacturer + "\",\"model\":\"E2E-1\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("device registration answered " + response.status() + ": " + response.body());
        }
        JsonNode json = response.json();
        return new Device(json.get("id").asString(), json.get("token").asString());
    }

    void assign(String deviceId, String patientId, @Nullable Instant from) {
        String body = from == null ? "{\"patientId\":\"" + patientId + "\"}"
                : "{\"patientId\":\"" + patientId + "\",\"from\":\"" + from + "\"}";
        Response response = post("/api/v1/devices/" + deviceId + "/assignments", body);
        if (response.status() != 201) {
            throw new IllegalStateException("assignment answered " + response.status() + ": " + response.body());
        }
    }

    Response postReadings(String token, String readingsJsonArray) {
        return post("/api/v1/readings", "{\"readings\":" + readingsJsonArray + "}", token);
    }

    /** Creates a FHIR Patient with raw HTTP, as any integrator could, and answers its id. */
    String createPatient(String family, String given) {
        String patient = """
                {"resourceType":"Patient",
                 "identifier":[{"system":"urn:vigil:e2e-mrn","value":"%s"}],
                 "name":[{"family":"%s","given":["%s"]}],
                 "gender":"female","birthDate":"1948-03-02"}
                """.formatted(UUID.randomUUID(), family, given);
        Response response = send(HttpRequest.newBuilder(gateway.resolve("/fhir/Patient"))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(patient)));
        if (response.status() != 201) {
            throw new IllegalStateException("Patient create answered " + response.status() + ": " + response.body());
        }
        String location = response.raw().headers().firstValue("Location").orElseThrow();
        String afterType = location.substring(location.indexOf("/Patient/") + "/Patient/".length());
        return afterType.contains("/") ? afterType.substring(0, afterType.indexOf('/')) : afterType;
    }

    static String reading(String id, String type, double value, String unit, Instant time) {
        return "{\"id\":\"%s\",\"type\":\"%s\",\"value\":%s,\"unit\":\"%s\",\"time\":\"%s\"}"
                .formatted(id, type, value, unit, time);
    }
}
