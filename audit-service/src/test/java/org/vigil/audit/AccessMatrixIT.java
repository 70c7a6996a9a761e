package org.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.EndpointCoverage;
import org.vigil.testsupport.TestIssuer;

/**
 * Every endpoint of audit-service against every kind of caller: the status each must get (README "HTTP API",
 * docs/security.md "Who sees what"), and for every refusal problem+json and an audit record with outcome denied, found
 * in the chain itself by its correlation id. The audit log is the data kind {@code AuditEvent}: admins, or a client
 * with the {@code system/AuditEvent.*} scope of the interaction's letter; nobody else, whatever their roles or scopes.
 * The relationship that matters here is the break-glass record's agent: nobody reviews their own. The internal search
 * is for the {@code internal:audit.read} scope alone. {@link #everyEndpointHasARow} fails for an endpoint under
 * {@code /api/} or {@code /internal/} that no row reaches, so that a new endpoint cannot go without its row.
 */
class AccessMatrixIT extends IntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String READER = "siem-rs-" + RUN;
    private static final String REVIEWER = "siem-u-" + RUN;
    private static final String NOTE = "{\"note\":\"Checked with the ward: a genuine emergency\"}";

    /** The callers, in column order; each mints a fresh token (null: none). */
    private static final Map<String, Supplier<@Nullable String>> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("clinician", () -> TestIssuer.clinician("ada-" + RUN));
        CALLERS.put("admin", TestIssuer::admin);
        CALLERS.put("operator", () -> TestIssuer.operator("olive-" + RUN));
        CALLERS.put("patient", () -> TestIssuer.patientUser("pat-" + RUN));
        CALLERS.put("integrator AuditEvent.rs", () -> TestIssuer.integrator(READER, "system/AuditEvent.rs"));
        CALLERS.put("integrator AuditEvent.u", () -> TestIssuer.integrator(REVIEWER, "system/AuditEvent.u"));
        CALLERS.put("integrator Observation.rs", () -> TestIssuer.integrator("ehr-" + RUN,
                "system/Observation.rs system/Patient.rs"));
        CALLERS.put("service internal:audit.read", TestIssuer::service);
        CALLERS.put("service without it", () -> TestIssuer.service("alert-service",
                "internal:devices.read internal:relationships.read"));
        CALLERS.put("no token", () -> null);
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    private record Row(String method, Supplier<String> path, @Nullable String body, int[] expected) {
    }

    private static int[] expect(int... statuses) {
        return statuses;
    }

    private List<Row> rows() {
        // Columns: clinician, admin, operator, patient, integrator AuditEvent.rs, integrator AuditEvent.u, integrator
        // Observation.rs, service with internal:audit.read, service without it, no token.
        return List.of(
                new Row("GET", () -> "/api/v1/audit/verify", null,
                        expect(403, 200, 403, 403, 200, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/audit/events?limit=5", null,
                        expect(403, 200, 403, 403, 200, 403, 403, 403, 403, 401)),
                new Row("GET", () -> "/api/v1/audit/break-glass?reviewed=false&limit=5", null,
                        expect(403, 200, 403, 403, 200, 403, 403, 403, 403, 401)),
                // A fresh break-glass record of clinician cara for each caller, so that each review is the first.
                new Row("POST", () -> review(breakGlassOf("cara-" + RUN)), NOTE,
                        expect(403, 200, 403, 403, 403, 200, 403, 403, 403, 401)),
                // Nobody reviews their own break-glass access, whatever their roles or scopes (the admin's and the
                // reviewing client's own records).
                new Row("POST", () -> review(breakGlassOf("admin")), NOTE,
                        expect(403, 403, 403, 403, 403, 200, 403, 403, 403, 401)),
                new Row("POST", () -> review(breakGlassOf(REVIEWER)), NOTE,
                        expect(403, 200, 403, 403, 403, 403, 403, 403, 403, 401)),
                // Who may not review learns nothing about the record; who may, learns it does not exist or is not
                // a break-glass record.
                new Row("POST", () -> review(UUID.randomUUID()), NOTE,
                        expect(403, 404, 403, 403, 403, 404, 403, 403, 403, 401)),
                new Row("POST", () -> review(plainRecord()), NOTE,
                        expect(403, 409, 403, 403, 403, 409, 403, 403, 403, 401)),
                new Row("GET", () -> "/internal/v1/audit-events?limit=5", null,
                        expect(403, 403, 403, 403, 403, 403, 403, 200, 403, 401)));
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheRulesSayAndAuditsEveryRefusal() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (Row row : rows()) {
            int column = 0;
            for (Map.Entry<String, Supplier<@Nullable String>> caller : CALLERS.entrySet()) {
                String path = row.path().get();
                String correlationId = "matrix-" + UUID.randomUUID();
                Response response = send(row.method(), path, row.body(), caller.getValue().get(), correlationId);
                int expected = row.expected()[column++];
                String what = row.method() + " " + path + " as " + caller.getKey();
                if (response.status() != expected) {
                    wrong.add(what + ": " + response.status() + " instead of " + expected + " "
                            + response.raw().body());
                } else if (expected >= 400) {
                    if (!response.header("Content-Type").startsWith("application/problem+json")) {
                        wrong.add(what + ": not problem+json");
                    }
                    if (expected == 401 || expected == 403) {
                        refusals.put(correlationId, what);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();

        // The refusals reach the chain through Kafka, like every other service's: wait for all, then name the missing.
        try {
            await().atMost(PATIENCE).until(() -> refusals.keySet().stream().allMatch(this::deniedIsInTheChain));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            refusals.forEach((correlationId, what) -> {
                if (!deniedIsInTheChain(correlationId)) {
                    wrong.add(what + ": no audit record with outcome denied");
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    /** A new endpoint under /api/ or /internal/ without a row fails here, naming it. */
    @Test
    void everyEndpointHasARow() {
        List<String> requests = rows().stream().map(row -> row.method() + " " + row.path().get()).toList();
        assertThat(EndpointCoverage.gaps(handlers, "/api/", requests)).isEmpty();
        assertThat(EndpointCoverage.gaps(handlers, "/internal/", requests)).isEmpty();
    }

    private boolean deniedIsInTheChain(String correlationId) {
        Integer n = jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE correlation_id = ? AND outcome = ?", Integer.class,
                correlationId, AuditRecorded.DENIED);
        return n != null && n > 0;
    }

    private static String review(UUID eventId) {
        return "/api/v1/audit/events/" + eventId + "/review";
    }

    /** A break-glass read by {@code agent}, in the chain. */
    private UUID breakGlassOf(String agent) {
        AuditRecorded record = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, true, unique("patient"));
        publishAndAwait(record);
        return record.eventId();
    }

    /** An ordinary (not break-glass) read, in the chain. */
    private UUID plainRecord() {
        AuditRecorded record = access(unique("ben"), AuditRecorded.READ, AuditRecorded.SUCCESS, false,
                unique("patient"));
        publishAndAwait(record);
        return record.eventId();
    }
}
