package org.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.TestIssuer;

/** Who may read the audit log, and that reading it leaves its own trace in it. */
class AccessIT extends IntegrationTest {

    private static final List<String> READS = List.of("/api/v1/audit/verify", "/api/v1/audit/events",
            "/api/v1/audit/break-glass?reviewed=false");

    @Test
    void withoutATokenEveryEndpointIs401() {
        for (String path : READS) {
            Response response = get(path, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(post("/api/v1/audit/events/" + java.util.UUID.randomUUID() + "/review", "{\"note\":\"x\"}", null)
                .status()).isEqualTo(401);
        assertThat(get("/internal/v1/audit-events", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/audit/events", TestIssuer.expired("admin")).status()).isEqualTo(401);
        assertThat(get("/api/v1/audit/events", TestIssuer.algNone("admin")).status()).isEqualTo(401);
    }

    @Test
    void aClinicianMayNotReadOrReviewTheAuditLogAndTheRefusalIsAudited() {
        String clinician = unique("ada");
        String token = TestIssuer.clinician(clinician);
        for (String path : READS) {
            Response response = get(path, token);
            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(post("/api/v1/audit/events/" + java.util.UUID.randomUUID() + "/review", "{\"note\":\"x\"}", token)
                .status()).isEqualTo(403);
        assertThat(get("/internal/v1/audit-events", token).status()).isEqualTo(403);

        await().atMost(PATIENCE).until(() -> count(clinician, AuditRecorded.DENIED) >= 4);
        Map<String, Object> denial = jdbc.queryForMap("""
                SELECT service, resource, outcome FROM audit_event WHERE agent = ? AND action = 'search' LIMIT 1""",
                clinician);
        assertThat(denial).containsEntry("service", "audit-service").containsEntry("resource", "AuditEvent")
                .containsEntry("outcome", "denied");
    }

    @Test
    void readingTheAuditLogIsItselfAuditedNamingThePatientsSeen() {
        String patient = unique("patient");
        publishAndAwait(access(unique("ben"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, patient));
        String auditor = unique("auditor");

        Response search = get("/api/v1/audit/events?patientId=" + patient,
                TestIssuer.user(auditor, List.of("admin"), "openid"));

        assertThat(search.status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> count(auditor, AuditRecorded.SUCCESS) == 1);
        Map<String, Object> trace = jdbc.queryForMap("""
                SELECT action, resource, outcome, array_to_string(patient_ids, ',') AS patients, request
                FROM audit_event WHERE agent = ?""", auditor);
        assertThat(trace).containsEntry("action", "search").containsEntry("resource", "AuditEvent")
                .containsEntry("outcome", "success").containsEntry("patients", patient);
        assertThat((String) trace.get("request")).startsWith("GET /api/v1/audit/events");
    }

    @Test
    void aClientWithSystemAuditEventScopesMaySearchButOnlyReviewWithUpdate() {
        String reader = TestIssuer.integrator("siem", "system/AuditEvent.rs");
        assertThat(get("/api/v1/audit/events", reader).status()).isEqualTo(200);
        assertThat(get("/api/v1/audit/verify", reader).status()).isEqualTo(200);
        assertThat(post("/api/v1/audit/events/" + java.util.UUID.randomUUID() + "/review", "{\"note\":\"x\"}", reader)
                .status()).isEqualTo(403);
        String observations = TestIssuer.integrator("ehr", "system/Observation.rs");
        assertThat(get("/api/v1/audit/events", observations).status()).isEqualTo(403);
    }

    @Test
    void probesAndMetricsNeedNoToken() {
        Response readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/prometheus", null).raw().body()).contains("vigil_audit_records_stored_total",
                "vigil_audit_records_duplicates_total", "vigil_audit_records_dead_lettered_total",
                "vigil_audit_chain_append_seconds");
    }

    private int count(String agent, String outcome) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE agent = ? AND outcome = ?",
                Integer.class, agent, outcome);
        return n == null ? 0 : n;
    }
}
