package org.vigil.vitals.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class RelationshipsIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aClinicianIsRelatedToThePatientsOfTheirTeamsOnceEach() {
        String clinician = "ada-" + UUID.randomUUID();
        String patient = createPatient();
        String first = team();
        String second = team();
        for (String team : new String[] {first, second}) {
            put("/api/v1/care-teams/" + team + "/members/" + clinician, Map.of(), TestIssuer.admin());
            put("/api/v1/care-teams/" + team + "/patients/" + patient, Map.of(), TestIssuer.admin());
        }

        JsonNode answer = relationships(clinician);

        assertThat(answer.get("subject").asString()).isEqualTo(clinician);
        assertThat(answer.get("patients")).hasSize(1);
        assertThat(answer.get("patients").get(0).get("patientId").asString()).isEqualTo(patient);
        assertThat(answer.get("patients").get(0).get("basis").asString()).isEqualTo("care-team");
        assertThat(answer.get("patients").get(0).has("until")).isFalse();

        delete("/api/v1/care-teams/" + first + "/members/" + clinician, TestIssuer.admin());
        delete("/api/v1/care-teams/" + second + "/patients/" + patient, TestIssuer.admin());
        assertThat(relationships(clinician).get("patients")).isEmpty();
    }

    @Test
    void aPatientUserIsRelatedToTheirOwnRecordAndASubjectIsLinkedToOnePatientOnly() {
        String subject = "pat-" + UUID.randomUUID();
        String patient = createPatient();
        Response linked = put("/api/v1/patients/" + patient + "/user", Map.of("subject", subject), TestIssuer.admin());
        assertThat(linked.status()).isEqualTo(200);
        assertThat(linked.json().get("subject").asString()).isEqualTo(subject);

        JsonNode patients = relationships(subject).get("patients");
        assertThat(patients).hasSize(1);
        assertThat(patients.get(0).get("patientId").asString()).isEqualTo(patient);
        assertThat(patients.get(0).get("basis").asString()).isEqualTo("self");

        Response elsewhere = put("/api/v1/patients/" + createPatient() + "/user", Map.of("subject", subject),
                TestIssuer.admin());
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.header("Content-Type")).startsWith("application/problem+json");
        assertThat(put("/api/v1/patients/" + UUID.randomUUID() + "/user", Map.of("subject", "x-" + subject),
                TestIssuer.admin()).status()).isEqualTo(404);
        assertThat(put("/api/v1/patients/" + patient + "/user", Map.of(), TestIssuer.admin()).status())
                .isEqualTo(400);

        assertThat(delete("/api/v1/patients/" + patient + "/user", TestIssuer.admin()).status()).isEqualTo(204);
        assertThat(relationships(subject).get("patients")).isEmpty();
    }

    @Test
    void aBreakGlassGrantIsListedWithItsEndOnlyWhileItLasts() {
        String clinician = "ben-" + UUID.randomUUID();
        String current = createPatient();
        String expired = createPatient();
        Response granted = post("/api/v1/patients/" + current + "/break-glass",
                Map.of("reason", "Covering the night shift for ward 3"), TestIssuer.clinician(clinician));
        Instant past = Instant.now().minus(2, ChronoUnit.HOURS);
        jdbc.update("INSERT INTO break_glass_grant (id, subject, patient_id, reason, granted_at, until) "
                + "VALUES (?, ?, ?, 'an old emergency', ?, ?)", UUID.randomUUID(), clinician, expired,
                Timestamp.from(past), Timestamp.from(past.plus(1, ChronoUnit.HOURS)));

        JsonNode patients = relationships(clinician).get("patients");

        assertThat(patients).hasSize(1);
        assertThat(patients.get(0).get("patientId").asString()).isEqualTo(current);
        assertThat(patients.get(0).get("basis").asString()).isEqualTo("break-glass");
        assertThat(Instant.parse(patients.get(0).get("until").asString()))
                .isEqualTo(Instant.parse(granted.json().get("until").asString()));
        assertThat(get("/api/v1/patients/" + expired + "/vitals/latest", TestIssuer.clinician(clinician)).status())
                .isEqualTo(403);
    }

    @Test
    void theRelationshipsAreForServicesOnly() {
        assertThat(get("/internal/v1/subjects/anyone/patients", TestIssuer.clinician("anyone")).status())
                .isEqualTo(403);
        assertThat(get("/internal/v1/subjects/anyone/patients", (String) null).status()).isEqualTo(401);
        JsonNode nobody = relationships("nobody-" + UUID.randomUUID());
        assertThat(nobody.get("patients")).isEmpty();
    }

    private JsonNode relationships(String subject) {
        Response response = get("/internal/v1/subjects/" + subject + "/patients", TestIssuer.service());
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private String team() {
        Response created = post("/api/v1/care-teams", Map.of("name", "Team " + UUID.randomUUID()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("members")).isEmpty();
        assertThat(created.json().get("patients")).isEmpty();
        return created.json().get("id").asString();
    }
}
