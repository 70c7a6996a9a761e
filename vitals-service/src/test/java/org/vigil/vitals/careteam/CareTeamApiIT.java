package org.vigil.vitals.careteam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;

class CareTeamApiIT extends IntegrationTest {

    @Test
    void anAdministratorBuildsATeamAndAClinicianSeesOnlyTheTeamsTheyAreIn() {
        String name = "Cardiology " + UUID.randomUUID();
        Response created = post("/api/v1/care-teams", Map.of("name", name), TestIssuer.admin());
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("name").asString()).isEqualTo(name);
        assertThat(created.header("Location")).endsWith("/api/v1/care-teams/" + id);
        String other = post("/api/v1/care-teams", Map.of("name", "Other " + UUID.randomUUID()), TestIssuer.admin())
                .json().get("id").asString();
        String clinician = "ada-" + UUID.randomUUID();
        String patient = createPatient();

        put("/api/v1/care-teams/" + id + "/members/" + clinician, Map.of(), TestIssuer.admin());
        Response withPatient = put("/api/v1/care-teams/" + id + "/patients/" + patient, Map.of(), TestIssuer.admin());

        assertThat(withPatient.status()).isEqualTo(200);
        assertThat(texts(withPatient.json().get("members"))).containsExactly(clinician);
        assertThat(texts(withPatient.json().get("patients"))).containsExactly(patient);
        assertThat(teamIds(TestIssuer.clinician(clinician))).containsExactly(id);
        assertThat(teamIds(TestIssuer.admin())).contains(id, other);
        assertThat(get("/api/v1/care-teams/" + id, TestIssuer.clinician(clinician)).json().get("name").asString())
                .isEqualTo(name);
        assertThat(get("/api/v1/care-teams/" + other, TestIssuer.clinician(clinician)).status()).isEqualTo(403);
        assertThat(get("/api/v1/patients/" + patient + "/vitals/latest", TestIssuer.clinician(clinician)).status())
                .isEqualTo(200);

        Response removed = delete("/api/v1/care-teams/" + id + "/patients/" + patient, TestIssuer.admin());
        assertThat(texts(removed.json().get("patients"))).isEmpty();
        assertThat(get("/api/v1/patients/" + patient + "/vitals/latest", TestIssuer.clinician(clinician)).status())
                .isEqualTo(403);
    }

    @Test
    void aClientWithACareTeamScopeManagesTeamsToo() {
        String scope = "system/CareTeam.cruds";
        Response created = post("/api/v1/care-teams", Map.of("name", "Scoped " + UUID.randomUUID()),
                TestIssuer.integrator("roster-sync", scope));

        assertThat(created.status()).isEqualTo(201);
        assertThat(put("/api/v1/care-teams/" + created.json().get("id").asString() + "/members/someone", Map.of(),
                TestIssuer.integrator("roster-sync", scope)).status()).isEqualTo(200);
    }

    @Test
    void duplicateNamesConflictMissingNamesAreBadAndUnknownTeamsOrPatientsAreNotFound() {
        String name = "Renal " + UUID.randomUUID();
        String id = post("/api/v1/care-teams", Map.of("name", name)).json().get("id").asString();

        Response duplicate = post("/api/v1/care-teams", Map.of("name", name));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
        Response missing = post("/api/v1/care-teams", Map.of("name", " "));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("name");
        assertThat(get("/api/v1/care-teams/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(get("/api/v1/care-teams/not-a-uuid").status()).isEqualTo(404);
        assertThat(put("/api/v1/care-teams/" + UUID.randomUUID() + "/members/ada", Map.of(), TestIssuer.admin())
                .status()).isEqualTo(404);
        assertThat(put("/api/v1/care-teams/" + id + "/patients/" + UUID.randomUUID(), Map.of(), TestIssuer.admin())
                .status()).isEqualTo(404);
        assertThat(delete("/api/v1/care-teams/" + UUID.randomUUID() + "/patients/" + createPatient(),
                TestIssuer.admin()).status()).isEqualTo(404);
    }

    private List<String> teamIds(String token) {
        Response response = get("/api/v1/care-teams", token);
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("careTeams").forEach(team -> ids.add(team.get("id").asString()));
        return ids;
    }
}
