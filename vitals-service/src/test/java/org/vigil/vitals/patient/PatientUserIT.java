package org.vigil.vitals.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;

/**
 * Linking a login to a patient record (issue 13): it lets that login read the record indefinitely, so only an admin
 * (or a client with a system scope for Patient updates) may do it, and a link is never overwritten silently.
 */
class PatientUserIT extends IntegrationTest {

    private static final String REASON = "Covering the night shift for a colleague";

    @Test
    void aClinicianEvenByBreakGlassOrInTheCareTeamCannotLinkOrUnlinkALogin() {
        String patient = createPatient();
        String ben = "ben-" + UUID.randomUUID();
        assertThat(post("/api/v1/patients/" + patient + "/break-glass", Map.of("reason", REASON),
                TestIssuer.clinician(ben)).status()).isEqualTo(201);
        String ward = post("/api/v1/care-teams", Map.of("name", "Ward " + UUID.randomUUID())).json().get("id")
                .asString();
        String ada = "ada-" + UUID.randomUUID();
        put("/api/v1/care-teams/" + ward + "/members/" + ada, Map.of(), TestIssuer.admin());
        put("/api/v1/care-teams/" + ward + "/patients/" + patient, Map.of(), TestIssuer.admin());
        String mallory = "mallory-" + UUID.randomUUID();

        Response byBreakGlass = put("/api/v1/patients/" + patient + "/user", Map.of("subject", mallory),
                TestIssuer.clinician(ben));
        Response byCareTeam = put("/api/v1/patients/" + patient + "/user", Map.of("subject", mallory),
                TestIssuer.clinician(ada));

        assertThat(byBreakGlass.status()).isEqualTo(403);
        assertThat(byBreakGlass.header("Content-Type")).startsWith("application/problem+json");
        assertThat(byCareTeam.status()).isEqualTo(403);
        assertThat(get("/api/v1/patients/" + patient, TestIssuer.patientUser(mallory)).status()).isEqualTo(403);
        assertThat(put("/api/v1/patients/" + patient + "/user", Map.of("subject", "pat-" + UUID.randomUUID()),
                TestIssuer.admin()).status()).isEqualTo(200);
        assertThat(delete("/api/v1/patients/" + patient + "/user", TestIssuer.clinician(ada)).status())
                .isEqualTo(403);
        assertThat(delete("/api/v1/patients/" + patient + "/user", TestIssuer.clinician(ben)).status())
                .isEqualTo(403);
    }

    @Test
    void anExistingLinkIsNotOverwrittenButLinkingTheSameLoginAgainIsFine() {
        String patient = createPatient();
        String pat = "pat-" + UUID.randomUUID();
        assertThat(put("/api/v1/patients/" + patient + "/user", Map.of("subject", pat), TestIssuer.admin()).status())
                .isEqualTo(200);

        Response again = put("/api/v1/patients/" + patient + "/user", Map.of("subject", pat), TestIssuer.admin());
        Response other = put("/api/v1/patients/" + patient + "/user", Map.of("subject", "mallory-" + UUID.randomUUID()),
                TestIssuer.admin());

        assertThat(again.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(other.json().get("detail").asString()).contains("already linked").contains("unlink");
        assertThat(get("/api/v1/patients/" + patient, TestIssuer.patientUser(pat)).status()).isEqualTo(200);
        assertThat(delete("/api/v1/patients/" + patient + "/user", TestIssuer.admin()).status()).isEqualTo(204);
        assertThat(put("/api/v1/patients/" + patient + "/user", Map.of("subject", "pat2-" + UUID.randomUUID()),
                TestIssuer.admin()).status()).as("after unlinking").isEqualTo(200);
    }

    @Test
    void aClientWithASystemScopeForPatientUpdatesLinksButOneThatOnlyReadsCannot() {
        String patient = createPatient();

        assertThat(put("/api/v1/patients/" + patient + "/user", Map.of("subject", "pat-" + UUID.randomUUID()),
                TestIssuer.integrator("reader", "system/Patient.rs")).status()).isEqualTo(403);
        assertThat(put("/api/v1/patients/" + patient + "/user", Map.of("subject", "pat-" + UUID.randomUUID()),
                TestIssuer.integrator("provisioner", "system/Patient.rus")).status()).isEqualTo(200);
    }

    @Test
    void badInputIsAClearBadRequestNeverAServerError() {
        String patient = createPatient();

        for (String body : new String[] {"{", "[]", "{\"subject\": \"\"}", "{\"subject\": null}",
                "{\"subject\": \"" + "x".repeat(256) + "\"}", "{\"subject\": {\"a\": 1}}"}) {
            Response raw = putRaw("/api/v1/patients/" + patient + "/user", body);
            assertThat(raw.status()).as(body).isEqualTo(400);
            assertThat(raw.header("Content-Type")).as(body).startsWith("application/problem+json");
        }
        assertThat(putRaw("/api/v1/patients/" + UUID.randomUUID() + "/user", "{\"subject\": \"p\"}").status())
                .isEqualTo(404);
        Response empty = send("PUT", "/api/v1/patients/" + patient + "/user", null, TestIssuer.admin(),
                UUID.randomUUID().toString());
        assertThat(empty.status()).isBetween(400, 499);
    }

    private Response putRaw(String path, String json) {
        return put(path, json, TestIssuer.admin());
    }
}
