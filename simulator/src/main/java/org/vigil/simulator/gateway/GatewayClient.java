package org.vigil.simulator.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.vigil.simulator.signal.Reading;
import tools.jackson.databind.JsonNode;

/**
 * Talks to the gateway exactly as devices and integrators do, over its public API. Provisioning calls retry with
 * back-off while the platform is starting (connection refused, 502/503/504) and fail on anything a retry cannot fix;
 * {@link #sendReadings} makes one attempt and leaves retrying to the device, which keeps its unsent readings.
 */
public final class GatewayClient {

    private static final Set<Integer> NOT_YET = Set.of(502, 503, 504);
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String JSON = "application/json";

    private final URI base;
    private final HttpClient http;
    private final Payloads payloads;
    private final Duration patience;
    private final Duration requestTimeout;
    private final String correlationPrefix;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param patience how long provisioning keeps retrying an unavailable platform before giving up
     * @param correlationPrefix start of the X-Correlation-Id sent with each request, to find a run in the logs
     */
    public GatewayClient(URI base, HttpClient http, Payloads payloads, Duration patience, Duration requestTimeout,
            String correlationPrefix) {
        this.base = base;
        this.http = http;
        this.payloads = payloads;
        this.patience = patience;
        this.requestTimeout = requestTimeout;
        this.correlationPrefix = correlationPrefix;
    }

    public URI base() {
        return base;
    }

    /** POST /fhir/Patient; answers the new Patient's FHIR id. */
    public String createPatient(DemoPatient patient) throws ProvisioningException, InterruptedException {
        HttpResponse<String> response = provision("/fhir/Patient", FHIR_JSON, payloads.patient(patient));
        // Location is what FHIR's create promises; the body may be the Patient or an OperationOutcome.
        String id = idFromLocation(response.headers().firstValue("Location").orElse(null));
        if (id == null) {
            id = payloads.patientId(response.body());
        }
        if (id == null) {
            throw new ProvisioningException("POST /fhir/Patient answered " + response.statusCode()
                    + " without a Patient id in the body or the Location header");
        }
        return id;
    }

    /** POST /api/v1/devices; answers the device with its token. */
    public Device registerDevice(String serial) throws ProvisioningException, InterruptedException {
        HttpResponse<String> response = provision("/api/v1/devices", JSON, payloads.device(serial));
        String id = payloads.id(response.body());
        String token = payloads.token(response.body());
        if (id == null || token == null) {
            throw new ProvisioningException("POST /api/v1/devices answered " + response.statusCode()
                    + " without the device's id and token");
        }
        return new Device(id, serial, token);
    }

    /** POST /api/v1/devices/{id}/assignments: from now on the device's readings are the patient's. */
    public void assign(String deviceId, String patientId) throws ProvisioningException, InterruptedException {
        provision("/api/v1/devices/" + deviceId + "/assignments", JSON, payloads.assignment(patientId));
    }

    /** POST /api/v1/readings with the device's token; one attempt. */
    public BatchOutcome sendReadings(Device device, List<? extends Reading> readings) throws InterruptedException {
        HttpRequest request = post("/api/v1/readings", JSON, payloads.readings(readings))
                .header("Authorization", "Bearer " + device.token())
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new BatchOutcome.Unavailable(describe(e), null);
        }
        int status = response.statusCode();
        String body = response.body();
        if (status / 100 == 2) {
            return payloads.batchAnswer(body, readings.size());
        }
        if (NOT_YET.contains(status) || status == 429) {
            return new BatchOutcome.Unavailable("HTTP " + status, retryAfter(response));
        }
        if (status / 100 == 4 && status != 401 && status != 403 && payloads.hasBatchCounts(body)) {
            return payloads.batchAnswer(body, readings.size());
        }
        return new BatchOutcome.Refused(status, payloads.problemDetail(body));
    }

    private HttpResponse<String> provision(String path, String contentType, JsonNode body)
            throws ProvisioningException, InterruptedException {
        Instant giveUp = Instant.now().plus(patience);
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));
        String lastProblem;
        while (true) {
            try {
                HttpResponse<String> response = http.send(post(path, contentType, body).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response;
                }
                if (!NOT_YET.contains(status)) {
                    throw new ProvisioningException("POST " + path + " answered " + status + ": "
                            + payloads.problemDetail(response.body()));
                }
                lastProblem = "HTTP " + status;
            } catch (IOException e) {
                lastProblem = describe(e);
            }
            Duration wait = backoff.next();
            if (Instant.now().plus(wait).isAfter(giveUp)) {
                throw new ProvisioningException("POST " + path + " still failing after " + patience.toSeconds()
                        + " s (" + lastProblem + "); is the platform up at " + base + "?");
            }
            Thread.sleep(wait);
        }
    }

    private HttpRequest.Builder post(String path, String contentType, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .timeout(requestTimeout)
                .header("Content-Type", contentType)
                .header("Accept", contentType + ", application/problem+json;q=0.9, */*;q=0.8")
                .header("X-Correlation-Id", correlationPrefix + "-" + requests.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString(payloads.write(body)));
    }

    /** {@code .../Patient/123/_history/1} or {@code .../Patient/123} to {@code 123}. */
    static @Nullable String idFromLocation(@Nullable String location) {
        if (location == null) {
            return null;
        }
        String[] parts = location.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("Patient") && !parts[i + 1].isBlank()) {
                return parts[i + 1];
            }
        }
        return null;
    }

    /** Retry-After in seconds (the HTTP-date form is not worth parsing for a demo). */
    static @Nullable Duration retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After")
                    .map(String::strip)
                    .map(Long::parseLong)
                    .filter(seconds -> seconds > 0 && seconds <= 300)
                    .map(Duration::ofSeconds)
                    .orElse(null);
        } catch (NumberFormatException dateForm) {
            return null;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
