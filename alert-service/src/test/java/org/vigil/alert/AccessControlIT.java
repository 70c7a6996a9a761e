package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.stream.StreamSlots;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what with alert-service's endpoints, through real tokens of {@link TestIssuer} and relationships answered
 * by {@link FakeVitals}: a clinician of the patient's care team, a clinician of another team, an admin, the patient
 * themselves, another patient, a backend client with {@code system/Flag.rs}, and no token at all. Lists and the live
 * stream hold only the caller's patients; who acknowledged, resolved or commented is the token's subject.
 */
class AccessControlIT extends IntegrationTest {

    @Autowired
    StreamSlots slots;

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADA = "ada-" + RUN;
    private static final String BEN = "ben-" + RUN;
    private static final String PAT = "pat-" + RUN;
    private static final String PIA = "pia-" + RUN;
    private static final String ACME = "acme-" + RUN;
    /** Patients: A of Ada's team (Pat's own record), B of Ben's (Pia's); C and D the same for the stream, E for by. */
    private static final String A = newPatient();
    private static final String B = newPatient();
    private static final String C = newPatient();
    private static final String D = newPatient();
    private static final String E = newPatient();

    private enum Caller {
        CLINICIAN_IN_TEAM, CLINICIAN_OUTSIDE, ADMIN, PATIENT_SELF, PATIENT_OTHER, INTEGRATOR_FLAG_RS, NO_TOKEN;

        @Nullable String token() {
            return switch (this) {
                case CLINICIAN_IN_TEAM -> TestIssuer.clinician(ADA);
                case CLINICIAN_OUTSIDE -> TestIssuer.clinician(BEN);
                case ADMIN -> TestIssuer.admin();
                case PATIENT_SELF -> TestIssuer.patientUser(PAT);
                case PATIENT_OTHER -> TestIssuer.patientUser(PIA);
                case INTEGRATOR_FLAG_RS -> TestIssuer.integrator(ACME, "system/Flag.rs");
                case NO_TOKEN -> null;
            };
        }
    }

    @BeforeAll
    static void relationships() {
        FakeVitals.relate(ADA, "care-team", A, C, E);
        FakeVitals.relate(BEN, "care-team", B, D);
        FakeVitals.relate(PAT, "self", A);
        FakeVitals.relate(PIA, "self", B);
    }

    @Test
    void everyEndpointAnswersEachKindOfCallerAsTheRulesSay() {
        publish(A, encode(heartRate(A, 150, Instant.now())));
        publish(B, encode(heartRate(B, 150, Instant.now())));
        String alertA = awaitOpenAlert(A, "heart-rate-high").get("id").asString();
        awaitOpenAlert(B, "heart-rate-high");
        await().atMost(PATIENCE).until(() -> get("/api/v1/patients/" + A + "/news2").status() == 200);

        String alerts = "/api/v1/alerts/" + alertA;
        String patient = "/api/v1/patients/" + A;
        String subscription = "{\"name\": \"acl-" + RUN + "\", \"url\": \"https://hooks.example.com/vigil\","
                + " \"secret\": \"0123456789abcdef0123\"}";
        // Expected status per caller, in the order of Caller.values().
        Map<String, Function<Caller, Response>> calls = new LinkedHashMap<>();
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        row(calls, expected, "GET alerts?patientId", c -> get("/api/v1/alerts?patientId=" + A, c.token()),
                200, 403, 403, 200, 403, 200, 401);
        row(calls, expected, "GET alert", c -> get(alerts, c.token()), 200, 403, 403, 200, 403, 200, 401);
        row(calls, expected, "GET history", c -> get(alerts + "/history", c.token()),
                200, 403, 403, 200, 403, 200, 401);
        row(calls, expected, "POST comment", c -> post(alerts + "/comments", "{\"text\": \"seen\"}", c.token()),
                201, 403, 403, 403, 403, 403, 401);
        row(calls, expected, "POST acknowledge", c -> post(alerts + "/acknowledge", "{}", c.token()),
                200, 403, 403, 403, 403, 403, 401);
        // Resolving is tried by those who may not (the clinician resolves in byIsTheTokensSubject).
        row(calls, expected, "POST resolve (denied)", c -> c == Caller.CLINICIAN_IN_TEAM ? new Response(0, "", JSON.nullNode())
                : post(alerts + "/resolve", "{}", c.token()), 0, 403, 403, 403, 403, 403, 401);
        row(calls, expected, "GET news2", c -> get(patient + "/news2", c.token()), 200, 403, 403, 200, 403, 403, 401);
        row(calls, expected, "GET news2/history", c -> get(patient + "/news2/history", c.token()),
                200, 403, 403, 200, 403, 403, 401);
        row(calls, expected, "GET ward?patientId", c -> get("/api/v1/ward?patientId=" + A, c.token()),
                200, 403, 403, 200, 403, 403, 401);
        row(calls, expected, "GET thresholds", c -> get(patient + "/thresholds", c.token()),
                200, 403, 200, 403, 403, 200, 401);
        row(calls, expected, "PUT thresholds", c -> put(patient + "/thresholds", "[]", c.token()),
                200, 403, 200, 403, 403, 403, 401);
        row(calls, expected, "GET news2-settings", c -> get(patient + "/news2-settings", c.token()),
                200, 403, 200, 403, 403, 200, 401);
        row(calls, expected, "PUT news2-settings", c -> put(patient + "/news2-settings", "{\"scale\": 1}", c.token()),
                200, 403, 200, 403, 403, 403, 401);
        row(calls, expected, "GET alert-subscriptions", c -> get("/api/v1/alert-subscriptions", c.token()),
                403, 403, 200, 403, 403, 200, 401);
        row(calls, expected, "POST alert-subscriptions", c -> post("/api/v1/alert-subscriptions", subscription,
                c.token()), 403, 403, 403, 403, 403, 403, 401);
        row(calls, expected, "DELETE alert-subscriptions/{unknown}", c -> delete("/api/v1/alert-subscriptions/"
                + UUID.randomUUID(), c.token()), 403, 403, 404, 403, 403, 403, 401);
        row(calls, expected, "GET internal news2 scores", c -> get("/internal/v1/patients/" + A + "/news2/scores",
                c.token()), 403, 403, 403, 403, 403, 403, 401);

        List<String> mismatches = new ArrayList<>();
        for (var call : calls.entrySet()) {
            for (Caller caller : Caller.values()) {
                Response response = call.getValue().apply(caller);
                int want = expected.get(call.getKey()).get(caller.ordinal());
                if (response.status() != want) {
                    mismatches.add(call.getKey() + " as " + caller + ": " + response.status() + ", expected " + want);
                }
                if (response.status() == 401 || response.status() == 403) {
                    assertThat(response.contentType()).as(call.getKey() + " as " + caller)
                            .startsWith("application/problem+json");
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(get("/internal/v1/patients/" + A + "/news2/scores", TestIssuer.service()).status()).isEqualTo(200);
        assertThat(get(alerts, TestIssuer.expired(ADA)).status()).isEqualTo(401);
        assertThat(get(alerts, TestIssuer.algNone(ADA)).status()).isEqualTo(401);

        Response denied = get(alerts, Caller.CLINICIAN_OUTSIDE.token());
        assertThat(denied.body().get("detail").asString()).isEqualTo("You have no access to this patient's data.");
        // Every decision is in the audit trail (keyed by agent): Ben's denials name patient A, and nothing granted him A.
        await().atMost(PATIENCE).until(() -> audited(BEN).stream().anyMatch(r ->
                r.outcome().equals(AuditRecorded.DENIED) && r.patientIds().equals(List.of(A))));
        assertThat(audited(BEN)).noneMatch(r -> r.outcome().equals(AuditRecorded.SUCCESS) && r.patientIds().contains(A));
        assertThat(FakeVitals.authorizations()).isNotEmpty().allMatch(h -> h.startsWith("Bearer "));
    }

    @Test
    void theListHoldsOnlyTheCallersPatientsAndNothingForThoseWithoutAny() {
        publish(A, encode(heartRate(A, 155, Instant.now())));
        publish(B, encode(heartRate(B, 155, Instant.now())));
        awaitOpenAlertOrAcknowledged(A);
        awaitOpenAlertOrAcknowledged(B);

        assertThat(patientsIn(get("/api/v1/alerts?limit=1000", Caller.CLINICIAN_IN_TEAM.token())))
                .contains(A).allMatch(p -> List.of(A, C, E).contains(p));
        assertThat(patientsIn(get("/api/v1/alerts?limit=1000&category=clinical", Caller.CLINICIAN_OUTSIDE.token())))
                .contains(B).allMatch(p -> List.of(B, D).contains(p));
        assertThat(patientsIn(get("/api/v1/alerts?limit=1000", Caller.PATIENT_SELF.token()))).containsOnly(A);
        assertThat(patientsIn(get("/api/v1/alerts?limit=1000", Caller.PATIENT_OTHER.token()))).containsOnly(B);
        assertThat(patientsIn(get("/api/v1/alerts?limit=1000", Caller.ADMIN.token()))).isEmpty();
        assertThat(patientsIn(get("/api/v1/alerts?limit=1000", TestIssuer.clinician("nobody-" + RUN)))).isEmpty();
        assertThat(patientsIn(get("/api/v1/alerts?limit=1000", Caller.INTEGRATOR_FLAG_RS.token())))
                .contains(A, B);
        assertThat(get("/api/v1/alerts", null).status()).isEqualTo(401);
    }

    @Test
    void theStreamCarriesOnlyTheChangesOfTheCallersPatients() throws Exception {
        // Streams of other ITs are noticed closed at their next heartbeat; the tests' instance cap is small.
        await().atMost(PATIENCE).until(() -> slots.open() == 0);
        assertThat(get("/api/v1/alerts/stream?patientId=" + D, Caller.CLINICIAN_IN_TEAM.token()).status())
                .isEqualTo(403);
        assertThat(get("/api/v1/alerts/stream", null).status()).isEqualTo(401);

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Stream<String>> response = client.sendAsync(authorized(HttpRequest.newBuilder(
                uri("/api/v1/alerts/stream")), Caller.CLINICIAN_IN_TEAM.token())
                .timeout(Duration.ofSeconds(10)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed
            }
        });
        try {
            publish(D, encode(heartRate(D, 160, Instant.now())));
            awaitOpenAlert(D, "heart-rate-high");
            publish(C, encode(heartRate(C, 160, Instant.now())));
            await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains(C)));
            // D's change was committed before C's, so it would have been relayed before C's, had it been sent.
            assertThat(lines).noneMatch(l -> l.contains(D));
            assertThat(lines.stream().filter(l -> l.startsWith("data:")))
                    .allMatch(l -> l.contains(A) || l.contains(C) || l.contains(E));
        } finally {
            response.body().close();
            reader.interrupt();
            client.shutdownNow();
        }
    }

    @Test
    void byIsTheTokensSubjectAndNamingSomeoneElseIsRefused() {
        publish(E, encode(heartRate(E, 150, Instant.now())));
        String alert = "/api/v1/alerts/" + awaitOpenAlert(E, "heart-rate-high").get("id").asString();
        String ada = Caller.CLINICIAN_IN_TEAM.token();

        Response impostor = post(alert + "/acknowledge", "{\"by\": \"dr-somebody-else\"}", ada);
        assertThat(impostor.status()).isEqualTo(400);
        assertThat(impostor.body().get("detail").asString()).contains("access token");

        Response acknowledged = post(alert + "/acknowledge", "{\"by\": \"" + ADA + "\", \"comment\": \"on it\"}", ada);
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.body().get("acknowledgedBy").asString()).isEqualTo(ADA);
        Response comment = post(alert + "/comments", "{\"text\": \"called the ward\"}", ada);
        assertThat(comment.status()).isEqualTo(201);
        assertThat(comment.body().get("by").asString()).isEqualTo(ADA);
        assertThat(post(alert + "/comments", "{\"by\": \"someone\", \"text\": \"x\"}", ada).status()).isEqualTo(400);
        Response resolved = post(alert + "/resolve", "{\"comment\": \"settled\"}", ada);
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body().get("resolvedBy").asString()).isEqualTo(ADA);

        List<String> by = new ArrayList<>();
        get(alert + "/history", ada).body().forEach(e -> by.add(e.has("by") ? e.get("by").asString() : null));
        assertThat(by).containsExactly(null, ADA, ADA, ADA);
    }

    private static List<AuditRecorded> audited(String agent) {
        List<AuditRecorded> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : recordsKeyed(Topics.AUDIT_RECORDED.name(), agent,
                Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            records.add(Topics.AUDIT_RECORDED.codec().decode(record.value()));
        }
        return records;
    }

    private static void row(Map<String, Function<Caller, Response>> calls, Map<String, List<Integer>> expected,
            String name, Function<Caller, Response> call, Integer... statuses) {
        calls.put(name, call);
        expected.put(name, List.of(statuses));
    }

    private void awaitOpenAlertOrAcknowledged(String patientId) {
        await().atMost(PATIENCE).until(() -> !alertsOf(patientId, null).isEmpty());
    }

    private static List<String> patientsIn(Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> patients = new ArrayList<>();
        for (JsonNode alert : response.body()) {
            patients.add(alert.get("patientId").asString());
        }
        return patients;
    }
}
