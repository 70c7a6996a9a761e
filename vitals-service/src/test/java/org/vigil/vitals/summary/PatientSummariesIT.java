package org.vigil.vitals.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class PatientSummariesIT extends IntegrationTest {

    private static final String PATH = "/internal/v1/patient-summaries";

    @Test
    void answersTheAskedPatientsWithTheirCareTeamsAndLeavesOutUnknownIds() {
        String first = createPatient();
        String second = createPatient();
        String teamName = "Ward 7 " + UUID.randomUUID();
        String team = post("/api/v1/care-teams", Map.of("name", teamName)).json().get("id").asString();
        put("/api/v1/care-teams/" + team + "/patients/" + first, Map.of(), TestIssuer.admin());

        Response answer = post(PATH, Map.of("ids", List.of(first, second, "no-such-" + UUID.randomUUID())));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode patients = answer.json().get("patients");
        assertThat(patients).hasSize(2);
        JsonNode withTeam = find(patients, first);
        assertThat(withTeam.get("family").asString()).isEqualTo("Test");
        assertThat(withTeam.get("given").asString()).isEqualTo("Pat");
        assertThat(withTeam.get("birthDate").asString()).isEqualTo("1950-01-31");
        assertThat(withTeam.get("identifiers").get(0).asString()).startsWith("urn:vigil:test|");
        assertThat(withTeam.get("careTeams")).hasSize(1);
        assertThat(withTeam.get("careTeams").get(0).get("id").asString()).isEqualTo(team);
        assertThat(withTeam.get("careTeams").get(0).get("name").asString()).isEqualTo(teamName);
        assertThat(find(patients, second).get("careTeams")).isEmpty();
    }

    @Test
    void allAnswersEveryPatient() {
        String patient = createPatient();

        Response answer = post(PATH, Map.of("all", true));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(find(answer.json().get("patients"), patient)).isNotNull();
    }

    @Test
    void refusesBadRequestsWithAProblemNamingIt() {
        List<String> tooMany = new ArrayList<>(Collections.nCopies(2001, "p"));
        assertProblem(post(PATH, Map.of("ids", tooMany)), "at most 2000");
        assertProblem(post(PATH, Map.of()), "either ids");
        assertProblem(post(PATH, Map.of("ids", List.of("a"), "all", true)), "either ids");
        assertProblem(post(PATH, Map.of("ids", List.of(" "))), "patient ids");
        assertProblem(post(PATH, "{not json"), null);
    }

    @Test
    void isForServicesOnly() {
        assertThat(post(PATH, Map.of("all", true), TestIssuer.admin()).status()).isEqualTo(403);
        assertThat(post(PATH, Map.of("all", true), TestIssuer.clinician("ada-" + UUID.randomUUID())).status())
                .isEqualTo(403);
        assertThat(post(PATH, Map.of("all", true), null).status()).isEqualTo(401);
    }

    private static void assertProblem(Response response, String detail) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (detail != null) {
            assertThat(response.json().get("detail").asString()).contains(detail);
        }
    }

    private static JsonNode find(JsonNode patients, String id) {
        for (JsonNode patient : patients) {
            if (patient.get("id").asString().equals(id)) {
                return patient;
            }
        }
        throw new AssertionError("no patient " + id + " in " + patients);
    }
}
