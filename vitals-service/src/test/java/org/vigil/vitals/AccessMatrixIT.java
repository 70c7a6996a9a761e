package org.vigil.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.vigil.testsupport.EndpointCoverage;
import org.vigil.testsupport.TestIssuer;

/**
 * Every public endpoint of vitals against every kind of caller: the status each must get, and for every refusal an
 * audit record with outcome denied. Patient P is in clinician ada's care team and is user pat's own record; Q is
 * another patient (user pat-other's); devices D and D3 measure P, device DQ measures Q. Clinician cara has no care team
 * but opened P and P2 by break-glass: her access is that of the team for clinical data, never more (she may not link a
 * login to the record, nor move a device of a patient she cannot see). {@link #everyApiEndpointHasARow} fails for an
 * endpoint under {@code /api/} that no row reaches, so that a new endpoint cannot go without its row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT extends IntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADA = "ada-" + RUN;
    private static final String BEN = "ben-" + RUN;
    private static final String CARA = "cara-" + RUN;
    private static final String PAT = "pat-" + RUN;
    private static final String PAT_OTHER = "pat-other-" + RUN;

    /** The callers, in column order; each mints a fresh token (null: none). */
    private static final Map<String, Supplier<@Nullable String>> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("clinician in team", () -> TestIssuer.clinician(ADA));
        CALLERS.put("clinician outside", () -> TestIssuer.clinician(BEN));
        CALLERS.put("clinician by break-glass", () -> TestIssuer.clinician(CARA));
        CALLERS.put("admin", TestIssuer::admin);
        CALLERS.put("patient self", () -> TestIssuer.patientUser(PAT));
        CALLERS.put("patient other", () -> TestIssuer.patientUser(PAT_OTHER));
        CALLERS.put("integrator Observation.rs", () -> TestIssuer.integrator("acme-obs", "system/Observation.rs"));
        CALLERS.put("integrator Patient.rs", () -> TestIssuer.integrator("acme-pat", "system/Patient.rs"));
        CALLERS.put("service", TestIssuer::service);
        CALLERS.put("no token", () -> null);
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    private final AuditRecords audit = new AuditRecords();
    private String p = "";
    private String p2 = "";
    private String q = "";
    private String r = "";
    private String s = "";
    private String team = "";
    private String device = "";
    private String spareDevice = "";
    private String tokenDevice = "";
    private String deviceOfQ = "";

    @BeforeAll
    void careTeamPatientsUsersAndDevices() {
        p = createPatient();
        p2 = createPatient();
        q = createPatient();
        r = createPatient();
        s = createPatient();
        team = post("/api/v1/care-teams", Map.of("name", "Ward " + RUN)).json().get("id").asString();
        assertThat(put("/api/v1/care-teams/" + team + "/members/" + ADA, Map.of(), TestIssuer.admin()).status())
                .isEqualTo(200);
        assertThat(put("/api/v1/care-teams/" + team + "/patients/" + p, Map.of(), TestIssuer.admin()).status())
                .isEqualTo(200);
        assertThat(put("/api/v1/care-teams/" + team + "/patients/" + p2, Map.of(), TestIssuer.admin()).status())
                .isEqualTo(200);
        assertThat(put("/api/v1/patients/" + p + "/user", Map.of("subject", PAT), TestIssuer.admin()).status())
                .isEqualTo(200);
        assertThat(put("/api/v1/patients/" + q + "/user", Map.of("subject", PAT_OTHER), TestIssuer.admin())
                .status()).isEqualTo(200);
        device = registerDevice();
        spareDevice = registerDevice();
        tokenDevice = registerDevice();
        assertThat(post("/api/v1/devices/" + device + "/assignments", Map.of("patientId", p)).status()).isEqualTo(201);
        assertThat(post("/api/v1/devices/" + tokenDevice + "/assignments", Map.of("patientId", p)).status())
                .isEqualTo(201);
        deviceOfQ = deviceOn(q);
        for (String patient : List.of(p, p2)) {
            assertThat(post("/api/v1/patients/" + patient + "/break-glass",
                    Map.of("reason", "Covering the ward tonight"), TestIssuer.clinician(CARA)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    void closeAudit() {
        audit.close();
    }

    private record Row(String method, Supplier<String> path, @Nullable Supplier<Map<String, ?>> body,
            int[] expected) {
    }

    private static int[] expect(int... statuses) {
        return statuses;
    }

    private List<Row> rows() {
        // Columns: in team, outside, by break-glass, admin, self, other, integrator Observation.rs, integrator
        // Patient.rs, service, no token.
        return List.of(
                new Row("GET", () -> "/api/v1/patients/" + p + "/vitals/latest", null,
                        expect(200, 403, 200, 403, 200, 403, 200, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/patients/" + p + "/vitals?type=heart-rate", null,
                        expect(200, 403, 200, 403, 200, 403, 200, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/patients/" + p + "/vitals/series?type=heart-rate", null,
                        expect(200, 403, 200, 403, 200, 403, 200, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/patients/" + p + "/glucose-report", null,
                        expect(200, 403, 200, 403, 200, 403, 200, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/patients/" + p + "/devices", null,
                        expect(200, 403, 200, 200, 200, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/break-glass", null,
                        expect(200, 200, 200, 200, 200, 200, 200, 200, 200, 401)),
                new Row("GET", () -> "/api/v1/patients/" + p, null,
                        expect(200, 403, 200, 200, 200, 403, 403, 200, 403, 401)),
                new Row("GET", () -> "/api/v1/patients", null,
                        expect(200, 200, 200, 200, 200, 200, 403, 200, 403, 401)),
                new Row("PUT", () -> "/api/v1/patients/" + p2 + "/user",
                        () -> Map.of("subject", "linked-" + UUID.randomUUID()),
                        expect(403, 403, 403, 200, 403, 403, 403, 403, 403, 401)),
                new Row("DELETE", () -> "/api/v1/patients/" + p2 + "/user", null,
                        expect(403, 403, 403, 204, 403, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/patients/" + r + "/break-glass",
                        () -> Map.of("reason", "Patient collapsed in the corridor"),
                        expect(201, 201, 201, 403, 403, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/devices", () -> Map.of("serial", "SN-" + UUID.randomUUID(),
                        "manufacturer", "Acme", "model", "HR-1"),
                        expect(403, 403, 403, 201, 403, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/devices/" + device, null,
                        expect(200, 403, 200, 200, 200, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/devices/" + device + "/assignments", null,
                        expect(200, 403, 200, 200, 200, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/devices/" + spareDevice + "/assignments",
                        () -> Map.of("patientId", p),
                        expect(201, 403, 201, 201, 403, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/devices/" + tokenDevice + "/tokens", null,
                        expect(201, 403, 201, 201, 403, 403, 403, 403, 403, 401)),
                new Row("DELETE", () -> "/api/v1/devices/" + tokenDevice + "/tokens", null,
                        expect(204, 403, 204, 204, 403, 403, 403, 403, 403, 401)),
                // A device of a patient the caller cannot see: neither readable, nor movable onto a patient of
                // theirs, nor given a token; and a device of theirs cannot be moved onto someone they cannot see.
                new Row("GET", () -> "/api/v1/devices/" + deviceOfQ, null,
                        expect(403, 403, 403, 200, 403, 200, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/devices/" + deviceOn(q) + "/assignments",
                        () -> Map.of("patientId", p),
                        expect(403, 403, 403, 201, 403, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/devices/" + deviceOn(p) + "/assignments",
                        () -> Map.of("patientId", q),
                        expect(403, 403, 403, 201, 403, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/devices/" + deviceOfQ + "/tokens", null,
                        expect(403, 403, 403, 201, 403, 403, 403, 403, 403, 401)),
                new Row("DELETE", () -> "/api/v1/devices/" + deviceOfQ + "/tokens", null,
                        expect(403, 403, 403, 204, 403, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/care-teams", () -> Map.of("name", "Team " + UUID.randomUUID()),
                        expect(403, 403, 403, 201, 403, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/care-teams", null,
                        expect(200, 200, 200, 200, 403, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/care-teams/" + team, null,
                        expect(200, 403, 403, 200, 403, 403, 403, 403, 403, 401)),
                new Row("PUT", () -> "/api/v1/care-teams/" + team + "/members/visitor-" + RUN, () -> Map.of(),
                        expect(403, 403, 403, 200, 403, 403, 403, 403, 403, 401)),
                new Row("DELETE", () -> "/api/v1/care-teams/" + team + "/members/visitor-" + RUN, null,
                        expect(403, 403, 403, 200, 403, 403, 403, 403, 403, 401)),
                // Who looks after whom is for admins only, whoever is in the team.
                new Row("PUT", () -> "/api/v1/care-teams/" + team + "/patients/" + s, () -> Map.of(),
                        expect(403, 403, 403, 200, 403, 403, 403, 403, 403, 401)),
                new Row("DELETE", () -> "/api/v1/care-teams/" + team + "/patients/" + s, null,
                        expect(403, 403, 403, 200, 403, 403, 403, 403, 403, 401)),
                // Dead letters are for operators alone, and none of these callers is one (DeadLetterReplayIT has the
                // operator's own answers).
                new Row("GET", () -> "/api/v1/dead-letters/vitals", null,
                        expect(403, 403, 403, 403, 403, 403, 403, 403, 403, 401)),
                new Row("POST", () -> "/api/v1/dead-letters/vitals/replay",
                        () -> Map.of("ids", List.of("vigil.reading-recorded.v1.dlt:0:0")),
                        expect(403, 403, 403, 403, 403, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/internal/v1/subjects/" + ADA + "/patients", null,
                        expect(403, 403, 403, 403, 403, 403, 403, 403, 200, 401)));
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheRulesSayAndAuditsEveryRefusal() {
        List<Row> rows = rows();

        List<String> wrong = new ArrayList<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (Row row : rows) {
            int column = 0;
            for (Map.Entry<String, Supplier<@Nullable String>> caller : CALLERS.entrySet()) {
                String path = row.path().get();
                String correlationId = "matrix-" + UUID.randomUUID();
                Response response = send(row.method(), path, row.body() == null ? null : row.body().get(),
                        caller.getValue().get(), correlationId);
                int expected = row.expected()[column++];
                String what = row.method() + " " + path + " as " + caller.getKey();
                if (response.status() != expected) {
                    wrong.add(what + ": " + response.status() + " instead of " + expected + " "
                            + response.raw().body());
                } else if (expected == 401 || expected == 403) {
                    if (!response.header("Content-Type").startsWith("application/problem+json")) {
                        wrong.add(what + ": not problem+json");
                    }
                    refusals.put(correlationId, what);
                }
            }
        }
        assertThat(wrong).isEmpty();

        refusals.forEach((correlationId, what) -> {
            if (audit.ofRequest(correlationId, a -> a.outcome().equals(AuditRecorded.DENIED)).isEmpty()) {
                wrong.add(what + ": no audit record with outcome denied");
            }
        });
        assertThat(wrong).isEmpty();
    }

    /** A new endpoint under /api/ without a row fails here, naming it. */
    @Test
    void everyApiEndpointHasARow() {
        List<String> requests = rows().stream().map(row -> row.method() + " " + row.path().get()).toList();
        assertThat(EndpointCoverage.gaps(handlers, "/api/", requests)).isEmpty();
    }

    @Test
    void eachCallerListsExactlyThePatientsTheyMaySee() {
        // (R may be listed too, as a break-glass grant, if the matrix ran first.)
        assertThat(listedIds(TestIssuer.clinician(ADA))).contains(p, p2).doesNotContain(q);
        assertThat(listedIds(TestIssuer.patientUser(PAT))).containsExactly(p);
        assertThat(listedIds(TestIssuer.patientUser(PAT_OTHER))).containsExactly(q);
        assertThat(listedIds(TestIssuer.admin())).hasSizeGreaterThanOrEqualTo(1);

        Response one = get("/api/v1/patients/" + p, TestIssuer.clinician(ADA));
        assertThat(one.json().get("id").asString()).isEqualTo(p);
        assertThat(one.json().get("family").asString()).isEqualTo("Test");
        assertThat(one.json().get("given").asString()).isEqualTo("Pat");
        assertThat(one.json().get("birthDate").asString()).isEqualTo("1950-01-31");
        assertThat(one.json().get("identifiers").get(0).asString()).startsWith("urn:vigil:test|");
    }

    @Test
    void aListIsPagedAndABadLimitIsABadRequest() {
        assertThat(get("/api/v1/patients?limit=1", TestIssuer.admin()).json().get("patients")).hasSize(1);
        Response tooMany = get("/api/v1/patients?limit=501", TestIssuer.admin());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("detail").asString()).contains("limit");
        assertThat(get("/api/v1/patients?offset=-1", TestIssuer.admin()).status()).isEqualTo(400);
    }

    @Test
    void aDeniedReadOfAPatientsVitalsIsAuditedWithThePatientAndTheAgent() {
        String correlationId = "denied-" + UUID.randomUUID();
        Response response = send("GET", "/api/v1/patients/" + p + "/vitals/latest", null, TestIssuer.clinician(BEN),
                correlationId);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).isEqualTo("You have no access to this patient's data.");
        AuditRecorded record = audit.ofRequest(correlationId, a -> true).orElseThrow();
        assertThat(record.outcome()).isEqualTo(AuditRecorded.DENIED);
        assertThat(record.agent()).isEqualTo(BEN);
        assertThat(record.resource()).isEqualTo("Observation");
        assertThat(record.patientIds()).containsExactly(p);
        assertThat(record.service()).isEqualTo("vitals-service");
    }

    private List<String> listedIds(String token) {
        Response response = get("/api/v1/patients?limit=500", token);
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("patients").forEach(patient -> ids.add(patient.get("id").asString()));
        return ids;
    }

    private String deviceOn(String patientId) {
        String id = registerDevice();
        assertThat(post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", patientId)).status())
                .isEqualTo(201);
        return id;
    }

    private String registerDevice() {
        Response created = post("/api/v1/devices", Map.of("serial", "SN-" + UUID.randomUUID(), "manufacturer", "Acme",
                "model", "HR-1"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
