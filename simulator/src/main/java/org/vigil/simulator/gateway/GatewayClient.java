package org.vigil.simulator.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
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
    private final AccessTokens tokens;
    private final Payloads payloads;
    private final Duration patience;
    private final Duration requestTimeout;
    private final String correlationPrefix;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param tokens the provisioning client's access tokens (device readings use each device's own token)
     * @param patience how long provisioning keeps retrying an unavailable platform before giving up
     * @param correlationPrefix start of the X-Correlation-Id sent with each request, to find a run in the logs
     */
    public GatewayClient(URI base, HttpClient http, AccessTokens tokens, Payloads payloads, Duration patience,
            Duration requestTimeout, String correlationPrefix) {
        this.base = base;
        this.http = http;
        this.tokens = tokens;
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

    /**
     * POST /api/v1/devices/{id}/assignments: from {@code from} (null: now) on the device's readings are the patient's;
     * an assignment in force ends there.
     */
    public void assign(String deviceId, String patientId, @Nullable Instant from)
            throws ProvisioningException, InterruptedException {
        provision("/api/v1/devices/" + deviceId + "/assignments", JSON,
                from == null ? payloads.assignment(patientId) : payloads.assignment(patientId, from));
    }

    /** GET /api/v1/care-teams, then POST one with that name unless it exists; answers the team's id. */
    public String careTeamNamed(String name) throws ProvisioningException, InterruptedException {
        HttpResponse<String> list = call("GET", "/api/v1/care-teams", null, null, Set.of());
        for (Payloads.CareTeam team : payloads.careTeams(list.body())) {
            if (team.name().strip().equals(name.strip())) {
                return team.id();
            }
        }
        HttpResponse<String> created = provision("/api/v1/care-teams", JSON, payloads.careTeam(name));
        String id = payloads.id(created.body());
        if (id == null) {
            throw new ProvisioningException("POST /api/v1/care-teams answered " + created.statusCode()
                    + " without the care team's id");
        }
        return id;
    }

    /** PUT /api/v1/care-teams/{id}/members/{subject}: the user sees the team's patients. */
    public void addCareTeamMember(String careTeamId, String subject)
            throws ProvisioningException, InterruptedException {
        call("PUT", "/api/v1/care-teams/" + segment(careTeamId) + "/members/" + segment(subject), null, null,
                Set.of());
    }

    /** PUT /api/v1/care-teams/{id}/patients/{patientId}. */
    public void addCareTeamPatient(String careTeamId, String patientId)
            throws ProvisioningException, InterruptedException {
        call("PUT", "/api/v1/care-teams/" + segment(careTeamId) + "/patients/" + segment(patientId), null, null,
                Set.of());
    }

    /**
     * PUT /api/v1/patients/{patientId}/user {@code {"subject"}}: the user is this patient and may read their record.
     *
     * @return false when the platform answered 409: the user is already linked to another patient (of an earlier
     *     run) and was left as it is
     */
    public boolean linkPatientUser(String patientId, String subject)
            throws ProvisioningException, InterruptedException {
        HttpResponse<String> response = call("PUT", "/api/v1/patients/" + segment(patientId) + "/user", JSON,
                payloads.patientUser(subject), Set.of(409));
        return response.statusCode() != 409;
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
        return call("POST", path, contentType, body, Set.of());
    }

    /**
     * One provisioning call with the client's access token, retried with back-off while the platform is starting.
     * A 401 gets one more try with a fresh token (the old one may have been revoked or the issuer restarted).
     *
     * @param alsoFine statuses besides 2xx that the caller handles itself
     */
    private HttpResponse<String> call(String method, String path, @Nullable String contentType,
            @Nullable JsonNode body, Set<Integer> alsoFine) throws ProvisioningException, InterruptedException {
        Instant giveUp = Instant.now().plus(patience);
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));
        boolean freshTokenTried = false;
        String lastProblem;
        while (true) {
            try {
                String authorization = tokens.authorization();
                HttpResponse<String> response = http.send(request(method, path, contentType, body)
                        .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2 || alsoFine.contains(status)) {
                    return response;
                }
                if (status == 401 && !freshTokenTried) {
                    tokens.refused(authorization);
                    freshTokenTried = true;
                    continue;
                }
                if (!NOT_YET.contains(status)) {
                    throw new ProvisioningException(method + " " + path + " answered " + status + ": "
                            + payloads.problemDetail(response.body()) + hint(status));
                }
                lastProblem = "HTTP " + status;
            } catch (IOException e) {
                if (untrusted(e)) {
                    throw new ProvisioningException("the gateway's certificate at " + base + " is not trusted ("
                            + describe(e) + "); pass the gateway's certificate with --cacert, e.g. "
                            + "--cacert .vigil/tls/gateway.crt");
                }
                lastProblem = describe(e);
            }
            Duration wait = backoff.next();
            if (Instant.now().plus(wait).isAfter(giveUp)) {
                throw new ProvisioningException(method + " " + path + " still failing after " + patience.toSeconds()
                        + " s (" + lastProblem + "); is the platform up at " + base + "?");
            }
            Thread.sleep(wait);
        }
    }

    private String hint(int status) {
        return switch (status) {
            case 401 -> " (the access token of client '" + tokens.clientId() + "' was refused twice)";
            case 403 -> " (client '" + tokens.clientId() + "' lacks the scope or role for this)";
            default -> "";
        };
    }

    private HttpRequest.Builder post(String path, String contentType, JsonNode body) {
        return request("POST", path, contentType, body);
    }

    private HttpRequest.Builder request(String method, String path, @Nullable String contentType,
            @Nullable JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .timeout(requestTimeout)
                .header("Accept", (contentType == null ? JSON : contentType)
                        + ", application/problem+json;q=0.9, */*;q=0.8")
                .header("X-Correlation-Id", correlationPrefix + "-" + requests.incrementAndGet());
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.header("Content-Type", contentType == null ? JSON : contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(payloads.write(body)));
    }

    /** A certificate that does not verify (unknown issuer, wrong host name): waiting will not fix it. */
    static boolean untrusted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof CertPathValidatorException
                    || cause instanceof CertPathBuilderException || cause instanceof SSLPeerUnverifiedException) {
                return true;
            }
        }
        return false;
    }

    /** A path segment: ids and user names as they are, anything else percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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
