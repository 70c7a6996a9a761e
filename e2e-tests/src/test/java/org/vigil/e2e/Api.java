package org.vigil.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API as a dashboard or a device sees it through the gateway: plain HTTP and JSON. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI gateway) {
        this.gateway = gateway;
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
        return post(path, json, null);
    }

    Response post(String path, @Nullable String json, @Nullable String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
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
        try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(30_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
                    + "\r\nAccept: application/fhir+json\r\nConnection: close\r\n\r\n";
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
