package org.vigil.vitals.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Who may move a device or give it a token (issue 13): a device's readings go to whoever wears it, so moving it
 * takes access to the patient it measures now as well as to the new one, and the token lookup tells ingest-service
 * when the token was issued, so that a new token cannot write into an assignment that ended before it existed.
 */
class DeviceCustodyIT extends IntegrationTest {

    private static final String REASON = "Covering the night shift for a colleague";

    @Test
    void aClinicianCannotMoveAnotherPatientsDeviceOntoAPatientOfTheirs() {
        String theirs = createPatient();
        String someoneElses = createPatient();
        String ben = "ben-" + UUID.randomUUID();
        assertThat(post("/api/v1/patients/" + theirs + "/break-glass", Map.of("reason", REASON),
                TestIssuer.clinician(ben)).status()).isEqualTo(201);
        String device = deviceOn(someoneElses);
        assertThat(get("/api/v1/devices/" + device, TestIssuer.clinician(ben)).status()).isEqualTo(403);

        Response moved = post("/api/v1/devices/" + device + "/assignments", Map.of("patientId", theirs),
                TestIssuer.clinician(ben));
        Response token = post("/api/v1/devices/" + device + "/tokens", Map.of(), TestIssuer.clinician(ben));

        assertThat(moved.status()).isEqualTo(403);
        assertThat(moved.header("Content-Type")).startsWith("application/problem+json");
        assertThat(moved.json().get("detail").asString()).isEqualTo("You have no access to this patient's data.");
        assertThat(token.status()).isEqualTo(403);
        JsonNode history = get("/api/v1/devices/" + device + "/assignments").json().get("assignments");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("patientId").asString()).isEqualTo(someoneElses);
        assertThat(history.get(0).has("to")).isFalse();
    }

    @Test
    void aClinicianCannotMoveTheirPatientsDeviceOntoSomeoneTheyHaveNoAccessTo() {
        String ward = post("/api/v1/care-teams", Map.of("name", "Ward " + UUID.randomUUID())).json().get("id")
                .asString();
        String ada = "ada-" + UUID.randomUUID();
        String theirs = createPatient();
        put("/api/v1/care-teams/" + ward + "/members/" + ada, Map.of(), TestIssuer.admin());
        put("/api/v1/care-teams/" + ward + "/patients/" + theirs, Map.of(), TestIssuer.admin());
        String device = deviceOn(theirs);

        Response elsewhere = post("/api/v1/devices/" + device + "/assignments", Map.of("patientId", createPatient()),
                TestIssuer.clinician(ada));

        assertThat(elsewhere.status()).isEqualTo(403);
        String second = createPatient();
        put("/api/v1/care-teams/" + ward + "/patients/" + second, Map.of(), TestIssuer.admin());
        assertThat(post("/api/v1/devices/" + device + "/assignments", Map.of("patientId", second),
                TestIssuer.clinician(ada)).status()).as("both patients are theirs").isEqualTo(201);
    }

    @Test
    void anAdminMovesAnyDevice() {
        String device = deviceOn(createPatient());

        assertThat(post("/api/v1/devices/" + device + "/assignments", Map.of("patientId", createPatient()),
                TestIssuer.admin()).status()).isEqualTo(201);
    }

    @Test
    void theTokenLookupSaysWhenEachTokenWasIssued() {
        Instant before = Instant.now().minusSeconds(1);
        Response registered = post("/api/v1/devices", Map.of("serial", "SN-" + UUID.randomUUID(), "manufacturer",
                "Acme", "model", "HR-1"));
        String id = registered.json().get("id").asString();
        String first = registered.json().get("token").asString();
        Instant firstIssued = Instant.parse(get("/internal/v1/devices/by-token-hash/" + sha256(first)).json()
                .get("tokenIssuedAt").asString());

        String second = post("/api/v1/devices/" + id + "/tokens", Map.of()).json().get("token").asString();
        Instant secondIssued = Instant.parse(get("/internal/v1/devices/by-token-hash/" + sha256(second)).json()
                .get("tokenIssuedAt").asString());

        assertThat(firstIssued).isAfter(before).isBeforeOrEqualTo(secondIssued);
        assertThat(secondIssued).isBefore(Instant.now().plusSeconds(1));
        assertThat(Instant.parse(get("/internal/v1/devices/by-token-hash/" + sha256(first)).json()
                .get("tokenIssuedAt").asString())).as("the old token, in its grace period").isEqualTo(firstIssued);
    }

    @Test
    void aBackdatedMoveKeepsWhenItWasRecordedBesideTheEndItNames() {
        Response registered = post("/api/v1/devices", Map.of("serial", "SN-" + UUID.randomUUID(), "manufacturer",
                "Acme", "model", "HR-1"));
        String id = registered.json().get("id").asString();
        String token = registered.json().get("token").asString();
        Instant from = Instant.now().minus(Duration.ofHours(3));
        assertThat(post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", createPatient(), "from",
                from.toString())).status()).isEqualTo(201);
        Instant movedInEffect = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        Instant beforeMove = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", createPatient(), "from",
                movedInEffect.toString())).status()).isEqualTo(201);

        JsonNode history = get("/internal/v1/devices/by-token-hash/" + sha256(token)).json().get("assignments");

        assertThat(history).hasSize(2);
        assertThat(Instant.parse(history.get(0).get("to").asString())).isEqualTo(movedInEffect);
        assertThat(Instant.parse(history.get(0).get("endRecordedAt").asString()))
                .as("recorded now, not at the backdated end").isAfterOrEqualTo(beforeMove)
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(history.get(1).has("endRecordedAt")).as("the current assignment has no end").isFalse();
    }

    @Test
    void badInputToAMoveIsAClearBadRequestNeverAServerError() {
        String patient = createPatient();
        String device = deviceOn(createPatient());
        String path = "/api/v1/devices/" + device + "/assignments";

        for (String body : new String[] {"{", "[]", "{}", "{\"patientId\": \"\"}", "{\"patientId\": {\"a\": 1}}",
                "{\"patientId\": \"" + "p".repeat(201) + "\"}", "{\"patientId\": \"" + patient + "\", \"from\": \"soon\"}",
                "{\"patientId\": \"" + patient + "\", \"from\": [1]}"}) {
            Response response = post(path, body, TestIssuer.admin());
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
        }
        assertThat(post(path, "{\"patientId\": \"no-such-patient\"}", TestIssuer.admin()).status()).isEqualTo(404);
        assertThat(post("/api/v1/devices/no-such-device/assignments", "{\"patientId\": \"" + patient + "\"}",
                TestIssuer.admin()).status()).isEqualTo(404);
        assertThat(post("/api/v1/devices/no-such-device/tokens", "{}", TestIssuer.admin()).status()).isEqualTo(404);
    }

    private String deviceOn(String patientId) {
        String id = post("/api/v1/devices", Map.of("serial", "SN-" + UUID.randomUUID(), "manufacturer", "Acme",
                "model", "HR-1")).json().get("id").asString();
        assertThat(post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", patientId)).status())
                .isEqualTo(201);
        return id;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
