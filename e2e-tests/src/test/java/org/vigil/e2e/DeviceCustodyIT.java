package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, items 1-3, through the gateway as a signed-in clinician would come: ben (no care team) holds a break-glass
 * grant on patient A; patient B, in ada's care team, wears device D. Ben may not move D onto A, give it a token, link a
 * login to A, or rewrite A through a FHIR transaction Bundle; and B, whose device was moved, gets a technical alert.
 */
class DeviceCustodyIT {

    private static final Duration PIPELINE = Duration.ofSeconds(40);

    private static Platform platform;
    private static Api admin;
    private static Api ben;
    private static Api ada;
    private static String a;
    private static String b;

    @BeforeAll
    static void benHasBreakGlassOnAAndBInAdasTeamWearsADevice() {
        platform = Platform.get();
        admin = new Api(platform.gateway());
        a = admin.createPatient("Custody", "Alpha");
        b = admin.createPatient("Custody", "Bravo");
        String team = admin.post("/api/v1/care-teams", "{\"name\":\"Custody ward " + UUID.randomUUID() + "\"}").json()
                .get("id").asString();
        assertThat(admin.put("/api/v1/care-teams/" + team + "/members/ada", null).status()).isEqualTo(200);
        assertThat(admin.put("/api/v1/care-teams/" + team + "/patients/" + b, null).status()).isEqualTo(200);
        ben = BrowserSession.signIn("ben", "ben-demo-password").api();
        ada = BrowserSession.signIn("ada", "ada-demo-password").api();
        Api.Response glass = ben.post("/api/v1/patients/" + a + "/break-glass",
                "{\"reason\":\"Covering the night shift for a colleague\"}");
        assertThat(glass.status()).as(glass.body()).isEqualTo(201);
    }

    @Test
    void aClinicianCannotMoveOrReTokenAnotherPatientsDeviceOntoTheirPatient() {
        Api.Device device = admin.registerDevice("Acme Medical");
        admin.assign(device.id(), b, Instant.now().minus(Duration.ofHours(1)));

        assertThat(ben.get("/api/v1/devices/" + device.id()).status()).isEqualTo(403);
        Api.Response moved = ben.post("/api/v1/devices/" + device.id() + "/assignments",
                "{\"patientId\":\"" + a + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(403);
        assertThat(moved.contentType()).startsWith("application/problem+json");
        assertThat(ben.post("/api/v1/devices/" + device.id() + "/tokens", null).status()).isEqualTo(403);

        JsonNode history = admin.get("/api/v1/devices/" + device.id() + "/assignments").json().get("assignments");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("patientId").asString()).isEqualTo(b);
        assertThat(history.get(0).has("to")).isFalse();
    }

    @Test
    void aDeviceMovedAwayFromItsWearerGivesThemATechnicalAlert() {
        Api.Device device = admin.registerDevice("Acme Medical");
        admin.assign(device.id(), b, Instant.now().minus(Duration.ofHours(2)));
        Instant moved = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        admin.assign(device.id(), a, moved);

        JsonNode alert = await().atMost(PIPELINE).until(() -> ada.get("/api/v1/alerts?patientId=" + b).json(),
                alerts -> alerts.toString().contains("device-unassigned"));
        assertThat(alert.toString()).contains(device.id());
    }

    @Test
    void aClinicianCannotLinkALoginToAPatientEvenUnderBreakGlass() {
        Api.Response linked = ben.put("/api/v1/patients/" + a + "/user",
                "{\"subject\":\"mallory-" + UUID.randomUUID() + "\"}");

        assertThat(linked.status()).as(linked.body()).isEqualTo(403);
    }

    @Test
    void aTransactionBundleEntryIsRefusedLikeTheDirectUpdate() {
        String renamed = """
                {"resourceType":"Patient","id":"%s","name":[{"family":"Renamed","given":["Alpha"]}]}""".formatted(a);
        Api.Response direct = ben.send(HttpRequest.newBuilder(platform.gateway().resolve("/fhir/Patient/" + a))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(renamed)));
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:%s","resource":%s,
                 "request":{"method":"PUT","url":"Patient/%s"}}]}""".formatted(UUID.randomUUID(), renamed, a);
        Api.Response transaction = ben.send(HttpRequest.newBuilder(platform.gateway().resolve("/fhir"))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(bundle)));

        assertThat(direct.status()).as(direct.body()).isEqualTo(403);
        assertThat(transaction.status()).as(transaction.body()).isEqualTo(403);
        assertThat(admin.get("/fhir/Patient/" + a).body()).contains("Custody").doesNotContain("Renamed");
    }
}
