package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.common.events.AuditRecorded;
import org.vigil.service.stream.StreamSlots;
import org.vigil.testsupport.EndpointCoverage;
import org.vigil.testsupport.TestIssuer;

/**
 * Every public endpoint of alert-service against every kind of caller: the status each must get, and for every refusal
 * problem+json and an audit record with outcome denied (docs/security.md, "Who sees what"). Relationships are
 * answered by {@link FakeVitals}: patient A and the patients R0..R12 (whose alerts are resolved, one per caller) are in
 * clinician ada's care team, user pat's own records, and opened by clinician cara by break-glass; B is ben's and user
 * pia's.
 * Integrators hold the SMART system scopes that matter here: {@code Flag} for alerts, {@code Observation} for NEWS2 and
 * the ward, {@code AlertSettings} for thresholds, NEWS2 settings and webhook subscriptions.
 *
 * <p>The live streams are asked for as EventSource asks ({@code Accept: text/event-stream}); in the matrix only the
 * status of the connect is looked at, then the connection is closed; what they deliver to each caller is
 * {@link #eachCallersStreamCarriesExactlyThePatientsTheyMayRead}. {@link #everyApiEndpointHasARow} fails for an
 * endpoint under {@code /api/} that no row reaches, so that a new endpoint cannot go without its row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT extends IntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADA = "ada-m-" + RUN;
    private static final String BEN = "ben-m-" + RUN;
    private static final String CARA = "cara-m-" + RUN;
    private static final String PAT = "pat-m-" + RUN;
    private static final String PIA = "pia-m-" + RUN;
    private static final String MANAGER = "acme-manager-" + RUN;
    private static final String SECRET = "0123456789abcdef0123";

    /** The callers, in column order; each mints a fresh token (null: none). */
    private static final Map<String, Supplier<@Nullable String>> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("clinician in team", () -> TestIssuer.clinician(ADA));
        CALLERS.put("clinician outside", () -> TestIssuer.clinician(BEN));
        CALLERS.put("clinician by break-glass", () -> TestIssuer.clinician(CARA));
        CALLERS.put("admin", TestIssuer::admin);
        CALLERS.put("patient self", () -> TestIssuer.patientUser(PAT));
        CALLERS.put("patient other", () -> TestIssuer.patientUser(PIA));
        CALLERS.put("integrator Flag.rs", () -> TestIssuer.integrator("acme-flag-rs-" + RUN, "system/Flag.rs"));
        CALLERS.put("integrator Flag.u", () -> TestIssuer.integrator("acme-flag-u-" + RUN, "system/Flag.u"));
        CALLERS.put("integrator Observation.rs", () -> TestIssuer.integrator("acme-obs-" + RUN,
                "system/Observation.rs"));
        CALLERS.put("integrator AlertSettings.cruds", () -> TestIssuer.integrator("acme-settings-" + RUN,
                "system/AlertSettings.cruds"));
        CALLERS.put("integrator Flag.rs AlertSettings.cruds", () -> TestIssuer.integrator(MANAGER,
                "system/Flag.rs system/AlertSettings.cruds"));
        CALLERS.put("service", TestIssuer::service);
        CALLERS.put("no token", () -> null);
    }

    // Columns: in team, outside, by break-glass, admin, self, other, Flag.rs, Flag.u, Observation.rs,
    // AlertSettings.cruds, Flag.rs + AlertSettings.cruds, service, no token.
    private static final int[] ANYONE_SIGNED_IN = {200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401};
    /** Reading or searching one patient's alerts (kind ALERT, SMART type Flag). */
    private static final int[] ALERTS_OF_A = {200, 403, 200, 403, 200, 403, 200, 403, 403, 403, 200, 403, 401};
    /** Reading or searching one patient's NEWS2 scores and ward row (kind OBSERVATION). */
    private static final int[] OBSERVATIONS_OF_A = {200, 403, 200, 403, 200, 403, 403, 403, 200, 403, 403, 403, 401};
    /** Reading a patient's thresholds and NEWS2 scale (kind ALERT_SETTINGS; a Flag read scope counts for reading). */
    private static final int[] SETTINGS_READ = {200, 403, 200, 200, 403, 403, 200, 403, 403, 200, 200, 403, 401};
    /** Changing them: no Flag scope, no patient. */
    private static final int[] SETTINGS_WRITE = {200, 403, 200, 200, 403, 403, 403, 403, 403, 200, 200, 403, 401};
    /** Managing subscriptions concerns no one patient: admins and system scopes only. */
    private static final int[] SUBSCRIPTIONS_READ = {403, 403, 403, 200, 403, 403, 200, 403, 403, 200, 200, 403, 401};

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Autowired
    StreamSlots slots;

    private final AuditRecords audit = new AuditRecords();
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final String a = newPatient();
    private final String b = newPatient();
    /** Related as A and B, for the deliveries of the alert stream (index 0) and the ward stream (index 1). */
    private final List<String> deliveredA = List.of(newPatient(), newPatient());
    private final List<String> deliveredB = List.of(newPatient(), newPatient());
    /** One patient per column, each with an open alert that caller tries to resolve. */
    private final List<String> resolvable = new ArrayList<>();
    private final List<String> alertsToResolve = new ArrayList<>();
    private final List<String> subscriptions = new CopyOnWriteArrayList<>();
    private String alertOfA = "";
    private String subscription = "";

    @BeforeAll
    void relationshipsAlertsAndASubscription() {
        for (int i = 0; i < CALLERS.size(); i++) {
            resolvable.add(newPatient());
        }
        List<String> ofAdasTeam = new ArrayList<>(resolvable);
        ofAdasTeam.add(a);
        ofAdasTeam.addAll(deliveredA);
        Instant grantEnds = Instant.now().plus(Duration.ofHours(1));
        for (String patient : ofAdasTeam) {
            FakeVitals.relate(ADA, "care-team", patient);
            FakeVitals.relate(PAT, "self", patient);
            FakeVitals.breakGlass(CARA, patient, grantEnds);
        }
        for (String patient : List.of(b, deliveredB.get(0), deliveredB.get(1))) {
            FakeVitals.relate(BEN, "care-team", patient);
            FakeVitals.relate(PIA, "self", patient);
        }

        // Not the patients of the deliveries' test: their first alert is raised while the streams are open.
        for (String patient : resolvable) {
            publish(patient, encode(heartRate(patient, 150, Instant.now())));
        }
        publish(a, encode(heartRate(a, 150, Instant.now())));
        publish(b, encode(heartRate(b, 150, Instant.now())));
        alertOfA = awaitOpenAlert(a, "heart-rate-high").get("id").asString();
        for (String patient : resolvable) {
            alertsToResolve.add(awaitOpenAlert(patient, "heart-rate-high").get("id").asString());
        }
        await().atMost(PATIENCE).until(() -> get("/api/v1/patients/" + a + "/news2").status() == 200);
        subscription = newSubscription();
    }

    @AfterAll
    void cleanUp() {
        for (String id : subscriptions) {
            delete("/api/v1/alert-subscriptions/" + id, manager());
        }
        receiver.close();
        audit.close();
    }

    /**
     * @param path the request's path and query for the caller of this column
     * @param body the JSON body, if any
     */
    private record Row(String method, IntFunction<String> path, @Nullable Supplier<String> body, int[] expected) {
    }

    private static int[] expect(int... statuses) {
        return statuses;
    }

    private List<Row> rows() {
        String alert = "/api/v1/alerts/" + alertOfA;
        String patient = "/api/v1/patients/" + a;
        return List.of(
                new Row("GET", c -> "/api/v1/alerts", null, ANYONE_SIGNED_IN),
                new Row("GET", c -> "/api/v1/alerts?patientId=" + a + "&status=open", null, ALERTS_OF_A),
                new Row("GET", c -> alert, null, ALERTS_OF_A),
                // Alert ids are random: an unknown one is 404 before any check, and tells nothing.
                new Row("GET", c -> "/api/v1/alerts/" + UUID.randomUUID(), null,
                        expect(404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401)),
                new Row("GET", c -> alert + "/history", null, ALERTS_OF_A),
                new Row("POST", c -> alert + "/comments", () -> "{\"text\": \"seen\"}",
                        expect(201, 403, 201, 403, 403, 403, 403, 201, 403, 403, 403, 403, 401)),
                new Row("POST", c -> alert + "/acknowledge", () -> "{}",
                        expect(200, 403, 200, 403, 403, 403, 403, 200, 403, 403, 403, 403, 401)),
                new Row("POST", c -> "/api/v1/alerts/" + alertsToResolve.get(c) + "/resolve",
                        () -> "{\"comment\": \"settled\"}",
                        expect(200, 403, 200, 403, 403, 403, 403, 200, 403, 403, 403, 403, 401)),
                new Row("GET", c -> "/api/v1/alerts/stream", null, ANYONE_SIGNED_IN),
                new Row("GET", c -> "/api/v1/alerts/stream?patientId=" + a, null, ALERTS_OF_A),
                new Row("GET", c -> patient + "/news2", null, OBSERVATIONS_OF_A),
                new Row("GET", c -> patient + "/news2/history", null, OBSERVATIONS_OF_A),
                new Row("GET", c -> patient + "/news2-settings", null, SETTINGS_READ),
                new Row("PUT", c -> patient + "/news2-settings", () -> "{\"scale\": 1}", SETTINGS_WRITE),
                new Row("GET", c -> patient + "/thresholds", null, SETTINGS_READ),
                new Row("PUT", c -> patient + "/thresholds", () -> "[]", SETTINGS_WRITE),
                new Row("GET", c -> "/api/v1/ward", null, ANYONE_SIGNED_IN),
                new Row("GET", c -> "/api/v1/ward?patientId=" + a, null, OBSERVATIONS_OF_A),
                new Row("GET", c -> "/api/v1/ward/stream", null, ANYONE_SIGNED_IN),
                new Row("GET", c -> "/api/v1/alert-subscriptions", null, SUBSCRIPTIONS_READ),
                new Row("GET", c -> "/api/v1/alert-subscriptions/" + subscription, null, SUBSCRIPTIONS_READ),
                new Row("GET", c -> "/api/v1/alert-subscriptions/" + subscription + "/deliveries", null,
                        SUBSCRIPTIONS_READ),
                // Only an owner who may read alerts gets one: an admin reads none, nor do AlertSettings scopes alone.
                new Row("POST", c -> "/api/v1/alert-subscriptions",
                        () -> subscriptionJson("matrix-" + UUID.randomUUID()),
                        expect(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403, 401)),
                new Row("DELETE", c -> "/api/v1/alert-subscriptions/" + newSubscription(), null,
                        expect(403, 403, 403, 204, 403, 403, 403, 403, 403, 204, 204, 403, 401)),
                // Dead letters are for operators alone, and none of these callers is one (DeadLetterReplayIT has the
                // operator's own answers).
                new Row("GET", c -> "/api/v1/dead-letters/alert", null,
                        expect(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401)),
                new Row("POST", c -> "/api/v1/dead-letters/alert/replay",
                        () -> "{\"ids\": [\"vigil.reading-recorded.v1.dlt:0:0\"]}",
                        expect(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401)));
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheRulesSayAndAuditsEveryRefusal() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (Row row : rows()) {
            int column = 0;
            for (Map.Entry<String, Supplier<@Nullable String>> caller : CALLERS.entrySet()) {
                String path = row.path().apply(column);
                String correlationId = "matrix-" + UUID.randomUUID();
                Answer answer = send(row.method(), path, row.body() == null ? null : row.body().get(),
                        caller.getValue().get(), correlationId);
                int expected = row.expected()[column++];
                String what = row.method() + " " + path + " as " + caller.getKey();
                if (answer.status() != expected) {
                    wrong.add(what + ": " + answer.status() + " instead of " + expected + " " + answer.body());
                } else if (expected == 401 || expected == 403) {
                    if (!answer.contentType().startsWith("application/problem+json")) {
                        wrong.add(what + ": not problem+json but '" + answer.contentType() + "'");
                    }
                    refusals.put(correlationId, what);
                }
            }
        }
        assertThat(wrong).isEmpty();

        refusals.forEach((correlationId, what) -> {
            if (audit.ofRequest(correlationId, r -> r.outcome().equals(AuditRecorded.DENIED)).isEmpty()) {
                wrong.add(what + ": no audit record with outcome denied");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyApiEndpointHasARow() {
        List<String> requests = rows().stream().map(r -> r.method() + " " + r.path().apply(0)).toList();
        assertThat(EndpointCoverage.gaps(handlers, "/api/", requests)).isEmpty();
    }

    /**
     * Deliveries: each caller's live streams carry the changes of exactly the patients the caller may read, the
     * alert stream by kind ALERT (Flag), the ward stream by kind OBSERVATION; a change of a patient like A and of one
     * like B are made while every caller with a token has the stream open. Expected per column: A, B, both or
     * neither.
     */
    @Test
    void eachCallersStreamCarriesExactlyThePatientsTheyMayRead() throws Exception {
        // Columns as CALLERS, without "no token".
        List<String> alertStream = List.of("A", "B", "A", "", "A", "B", "AB", "", "", "", "AB", "");
        List<String> wardStream = List.of("A", "B", "A", "", "A", "B", "", "", "AB", "", "", "");
        List<String> wrong = new ArrayList<>();
        wrong.addAll(delivered("/api/v1/alerts/stream", deliveredA.get(0), deliveredB.get(0), alertStream));
        wrong.addAll(delivered("/api/v1/ward/stream", deliveredA.get(1), deliveredB.get(1), wardStream));
        assertThat(wrong).isEmpty();
    }

    /** Opens the stream for every caller with a token, changes patients A and B, and says what arrived wrongly. */
    private List<String> delivered(String path, String patientA, String patientB, List<String> expected)
            throws Exception {
        // Other tests' streams are given back at their next heartbeat; the tests' cap is 12 streams in all.
        await().atMost(PATIENCE).until(() -> slots.open() == 0);
        List<String> callers = new ArrayList<>(CALLERS.keySet()).subList(0, expected.size());
        List<List<String>> lines = new ArrayList<>();
        List<InputStream> bodies = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (String caller : callers) {
                HttpResponse<InputStream> response = client.sendAsync(authorized(HttpRequest.newBuilder(uri(path)),
                                CALLERS.get(caller).get()).timeout(Duration.ofSeconds(10))
                                .header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream()).get(15, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(path + " as " + caller).isEqualTo(200);
                List<String> received = new CopyOnWriteArrayList<>();
                lines.add(received);
                bodies.add(response.body());
                Thread.ofVirtual().start(() -> {
                    try (var reader = new BufferedReader(new InputStreamReader(response.body(),
                            StandardCharsets.UTF_8))) {
                        reader.lines().forEach(received::add);
                    } catch (IOException | UncheckedIOException e) {
                        // closed
                    }
                });
            }
            await().atMost(PATIENCE).until(() -> lines.stream().allMatch(l -> l.contains(":connected")));
            publish(patientA, encode(heartRate(patientA, 150, Instant.now())));
            publish(patientB, encode(heartRate(patientB, 150, Instant.now())));
            // Wait until everything expected has come (or a minute has passed), then a little more: every stream is
            // fed from the same changes, so what was to come to the others has come by then.
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline && !missing(callers, lines, expected, patientA, patientB).isEmpty()) {
                Thread.sleep(200);
            }
            Thread.sleep(3_000);
            List<String> wrong = new ArrayList<>(missing(callers, lines, expected, patientA, patientB).stream()
                    .map(m -> path + " " + m).toList());
            for (int i = 0; i < callers.size(); i++) {
                if (!expected.get(i).contains("A") && carries(lines.get(i), patientA)) {
                    wrong.add(path + " as " + callers.get(i) + " carried patient A");
                }
                if (!expected.get(i).contains("B") && carries(lines.get(i), patientB)) {
                    wrong.add(path + " as " + callers.get(i) + " carried patient B");
                }
            }
            return wrong;
        } finally {
            for (InputStream body : bodies) {
                body.close();
            }
            client.shutdownNow();
        }
    }

    private static List<String> missing(List<String> callers, List<List<String>> lines, List<String> expected,
            String patientA, String patientB) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < callers.size(); i++) {
            if (expected.get(i).contains("A") && !carries(lines.get(i), patientA)) {
                missing.add("as " + callers.get(i) + " patient A never came (" + lines.get(i).size() + " lines)");
            }
            if (expected.get(i).contains("B") && !carries(lines.get(i), patientB)) {
                missing.add("as " + callers.get(i) + " patient B never came (" + lines.get(i).size() + " lines)");
            }
        }
        return missing;
    }

    private static boolean carries(List<String> lines, String patient) {
        return lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains(patient));
    }

    private String manager() {
        return TestIssuer.integrator(MANAGER, "system/Flag.rs system/AlertSettings.cruds");
    }

    private String newSubscription() {
        Response created = post("/api/v1/alert-subscriptions", subscriptionJson("matrix-" + UUID.randomUUID()),
                manager());
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        subscriptions.add(id);
        return id;
    }

    /** Technical alerts of high severity only, so that the subscription hardly ever delivers anything. */
    private String subscriptionJson(String name) {
        return "{\"name\": \"" + name + "\", \"url\": \"" + receiver.url() + "\", \"secret\": \"" + SECRET
                + "\", \"categories\": [\"technical\"], \"minSeverity\": \"high\"}";
    }

    private record Answer(int status, String contentType, String body) {
    }

    /** A stream's connect is answered as soon as its headers are; then the connection is closed. */
    private Answer send(String method, String path, @Nullable String body, @Nullable String token,
            String correlationId) {
        boolean stream = path.contains("/stream");
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(path)), token)
                .timeout(Duration.ofSeconds(10))
                .header("X-Correlation-Id", correlationId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (stream) {
            request.header("Accept", "text/event-stream");
            // Closed streams give their place back at the next heartbeat (2 s here); the tests' cap is 12 in all.
            await().atMost(PATIENCE).until(() -> slots.open() <= slots.maxTotal() - 3);
        }
        try {
            HttpResponse<InputStream> response = HTTP.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(15, TimeUnit.SECONDS);
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                String text = stream && response.statusCode() == 200 ? ""
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), contentType, text);
            }
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
