package org.vigil.vitals.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.sql.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.AuditRecords;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class BreakGlassIT extends IntegrationTest {

    private static final String REASON = "Unresponsive on the ward, own team unreachable";

    private final AuditRecords audit = new AuditRecords();

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void closeAudit() {
        audit.close();
    }

    @Test
    void aClinicianOutsideTheTeamIsRefusedThenBreaksTheGlassAndEveryAccessIsAuditedAsBreakGlass() {
        String patient = createPatient();
        String clinician = "locum-" + UUID.randomUUID();
        String vitals = "/api/v1/patients/" + patient + "/vitals/latest";
        assertThat(get(vitals, TestIssuer.clinician(clinician)).status()).isEqualTo(403);

        String grantId = "grant-" + UUID.randomUUID();
        Response granted = send("POST", "/api/v1/patients/" + patient + "/break-glass", Map.of("reason", REASON),
                TestIssuer.clinician(clinician), grantId);

        assertThat(granted.status()).isEqualTo(201);
        assertThat(granted.json().get("patientId").asString()).isEqualTo(patient);
        assertThat(Instant.parse(granted.json().get("until").asString()))
                .isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(1, ChronoUnit.MINUTES));
        AuditRecorded grant = audit.ofRequest(grantId, a -> true).orElseThrow();
        assertThat(grant.action()).isEqualTo(AuditRecorded.BREAK_GLASS);
        assertThat(grant.reason()).isEqualTo(REASON);
        assertThat(grant.breakGlass()).isTrue();
        assertThat(grant.patientIds()).containsExactly(patient);

        String readId = "read-" + UUID.randomUUID();
        Response read = send("GET", vitals, null, TestIssuer.clinician(clinician), readId);

        assertThat(read.status()).isEqualTo(200);
        AuditRecorded access = audit.ofRequest(readId, a -> true).orElseThrow();
        assertThat(access.outcome()).isEqualTo(AuditRecorded.SUCCESS);
        assertThat(access.action()).isEqualTo(AuditRecorded.READ);
        assertThat(access.resource()).isEqualTo("Observation");
        assertThat(access.agent()).isEqualTo(clinician);
        assertThat(access.breakGlass()).isTrue();
        // The grant is the clinician's alone.
        assertThat(get(vitals, TestIssuer.clinician("someone-else-" + UUID.randomUUID())).status()).isEqualTo(403);
    }

    @Test
    void theReasonIsRequiredAndBetweenTenAndFiveHundredCharacters() {
        String patient = createPatient();
        String path = "/api/v1/patients/" + patient + "/break-glass";
        String token = TestIssuer.clinician("locum-" + UUID.randomUUID());

        for (Map<String, String> body : new Map[] {Map.of(), Map.of("reason", "   "), Map.of("reason", "urgent"),
            Map.of("reason", "x".repeat(501))}) {
            Response refused = post(path, body, token);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).contains("reason");
        }
        assertThat(post(path, Map.of("reason", "x".repeat(500)), token).status()).isEqualTo(201);
    }

    @Test
    void onlyCliniciansMayBreakTheGlassAndAnUnknownPatientIsNotFound() {
        String patient = createPatient();
        String path = "/api/v1/patients/" + patient + "/break-glass";

        String deniedId = "denied-" + UUID.randomUUID();
        Response admin = send("POST", path, Map.of("reason", REASON), TestIssuer.admin(), deniedId);
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.header("Content-Type")).startsWith("application/problem+json");
        assertThat(audit.ofRequest(deniedId, a -> a.outcome().equals(AuditRecorded.DENIED)
                && a.action().equals(AuditRecorded.BREAK_GLASS))).isPresent();
        assertThat(post(path, Map.of("reason", REASON), TestIssuer.patientUser("pat-" + UUID.randomUUID())).status())
                .isEqualTo(403);
        assertThat(post(path, Map.of("reason", REASON), TestIssuer.integrator("acme", "system/*.cruds")).status())
                .isEqualTo(403);
        assertThat(post(path, Map.of("reason", REASON), (String) null).status()).isEqualTo(401);
        assertThat(post("/api/v1/patients/" + UUID.randomUUID() + "/break-glass", Map.of("reason", REASON),
                TestIssuer.clinician("locum-" + UUID.randomUUID())).status()).isEqualTo(404);
    }

    @Test
    void aClinicianListsTheirOwnActiveGrantsOnly() {
        String first = createPatient();
        String second = createPatient();
        String expired = createPatient();
        String clinician = "locum-" + UUID.randomUUID();
        String token = TestIssuer.clinician(clinician);
        Instant firstUntil = Instant.parse(post("/api/v1/patients/" + first + "/break-glass",
                Map.of("reason", REASON), token).json().get("until").asString());
        // A second grant for the same patient: the one that lasts longer is listed, with its reason.
        Instant secondUntil = Instant.parse(post("/api/v1/patients/" + second + "/break-glass",
                Map.of("reason", "Found unresponsive, first look"), token).json().get("until").asString());
        Instant renewedUntil = Instant.parse(post("/api/v1/patients/" + second + "/break-glass",
                Map.of("reason", "Still on the ward, second look"), token).json().get("until").asString());
        jdbc.update("INSERT INTO break_glass_grant (id, subject, patient_id, reason, granted_at, until)"
                + " VALUES (?, ?, ?, 'Ran out an hour ago, for the test', ?, ?)", UUID.randomUUID(), clinician,
                expired, Timestamp.from(Instant.now().minus(Duration.ofHours(2))),
                Timestamp.from(Instant.now().minus(Duration.ofHours(1))));
        String listId = "list-" + UUID.randomUUID();

        Response listed = send("GET", "/api/v1/break-glass", null, token, listId);

        assertThat(listed.status()).as(listed.raw().body()).isEqualTo(200);
        JsonNode grants = listed.json().get("grants");
        assertThat(grants).hasSize(2);
        assertThat(secondUntil).isBeforeOrEqualTo(renewedUntil);
        // Soonest to end first.
        assertThat(grants.get(0).get("patientId").asString()).isEqualTo(first);
        assertThat(Instant.parse(grants.get(0).get("until").asString())).isEqualTo(firstUntil);
        assertThat(grants.get(0).get("reason").asString()).isEqualTo(REASON);
        assertThat(grants.get(1).get("patientId").asString()).isEqualTo(second);
        assertThat(Instant.parse(grants.get(1).get("until").asString())).isEqualTo(renewedUntil);
        assertThat(grants.get(1).get("reason").asString()).isEqualTo("Still on the ward, second look");
        AuditRecorded record = audit.ofRequest(listId, a -> true).orElseThrow();
        assertThat(record.patientIds()).containsExactlyInAnyOrder(first, second);
        assertThat(record.breakGlass()).isTrue();

        // Another clinician's list, an admin's and a patient's hold none of them.
        assertThat(get("/api/v1/break-glass", TestIssuer.clinician("someone-else-" + UUID.randomUUID())).json()
                .get("grants")).isEmpty();
        assertThat(get("/api/v1/break-glass", TestIssuer.admin()).json().get("grants")).isEmpty();
        assertThat(get("/api/v1/break-glass", TestIssuer.patientUser("pat-" + UUID.randomUUID())).json()
                .get("grants")).isEmpty();
        assertThat(get("/api/v1/break-glass", (String) null).status()).isEqualTo(401);
    }
}
