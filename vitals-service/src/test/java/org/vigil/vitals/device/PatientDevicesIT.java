package org.vigil.vitals.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class PatientDevicesIT extends IntegrationTest {

    private static final Instant T1 = Instant.parse("2026-07-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-07-05T08:00:00Z");
    private static final Instant T3 = Instant.parse("2026-07-09T08:00:00Z");

    @Test
    void thePatientsDevicesAreListedByAssignmentNewestFirstWithTheirHistory() {
        String patient = createPatient();
        String other = createPatient();
        String clinician = "ada-" + UUID.randomUUID();
        careTeam(clinician, patient);
        String serialA = "SN-" + UUID.randomUUID();
        String watch = register(serialA, "Acme", "HR-1");
        String cgm = register("SN-" + UUID.randomUUID(), "Dex", "G7");
        assign(watch, patient, T1);
        assign(cgm, patient, T2);
        // The watch moves to another patient: its assignment to ours ends then.
        assign(watch, other, T3);

        Response response = get("/api/v1/patients/" + patient + "/devices", TestIssuer.clinician(clinician));

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        assertThat(response.json().get("patientId").asString()).isEqualTo(patient);
        JsonNode devices = response.json().get("devices");
        assertThat(devices).hasSize(2);
        JsonNode newest = devices.get(0);
        assertThat(newest.get("deviceId").asString()).isEqualTo(cgm);
        assertThat(newest.get("manufacturer").asString()).isEqualTo("Dex");
        assertThat(newest.get("model").asString()).isEqualTo("G7");
        assertThat(newest.get("assignedFrom").asString()).isEqualTo(T2.toString());
        assertThat(newest.has("assignedTo")).isTrue();
        assertThat(newest.get("assignedTo").isNull()).isTrue();
        assertThat(newest.get("current").asBoolean()).isTrue();
        JsonNode ended = devices.get(1);
        assertThat(ended.get("deviceId").asString()).isEqualTo(watch);
        assertThat(ended.get("serial").asString()).isEqualTo(serialA);
        assertThat(ended.get("assignedFrom").asString()).isEqualTo(T1.toString());
        assertThat(ended.get("assignedTo").asString()).isEqualTo(T3.toString());
        assertThat(ended.get("current").asBoolean()).isFalse();

        JsonNode others = get("/api/v1/patients/" + other + "/devices").json().get("devices");
        assertThat(others).hasSize(1);
        assertThat(others.get(0).get("deviceId").asString()).isEqualTo(watch);
        assertThat(others.get(0).get("current").asBoolean()).isTrue();
    }

    @Test
    void aPatientWithoutDevicesHasAnEmptyList() {
        String patient = createPatient();

        JsonNode devices = get("/api/v1/patients/" + patient + "/devices", TestIssuer.admin()).json().get("devices");

        assertThat(devices.isArray()).isTrue();
        assertThat(devices).isEmpty();
    }

    @Test
    void aClinicianOfAnotherCareTeamIsRefusedAndAnUnknownPatientIsNotFound() {
        String patient = createPatient();
        careTeam("ada-" + UUID.randomUUID(), patient);
        String path = "/api/v1/patients/" + patient + "/devices";

        Response refused = get(path, TestIssuer.clinician("ben-" + UUID.randomUUID()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(get(path, TestIssuer.integrator("acme-obs", "system/Observation.rs")).status()).isEqualTo(403);
        assertThat(get(path, (String) null).status()).isEqualTo(401);
        assertThat(get("/api/v1/patients/no-such-patient/devices", TestIssuer.admin()).status()).isEqualTo(404);
    }

    private void careTeam(String clinician, String patient) {
        String team = post("/api/v1/care-teams", Map.of("name", "Devices " + UUID.randomUUID())).json().get("id")
                .asString();
        assertThat(put("/api/v1/care-teams/" + team + "/members/" + clinician, Map.of(), TestIssuer.admin())
                .status()).isEqualTo(200);
        assertThat(put("/api/v1/care-teams/" + team + "/patients/" + patient, Map.of(), TestIssuer.admin())
                .status()).isEqualTo(200);
    }

    private String register(String serial, String manufacturer, String model) {
        Response created = post("/api/v1/devices", Map.of("serial", serial, "manufacturer", manufacturer, "model",
                model));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private void assign(String device, String patient, Instant from) {
        assertThat(post("/api/v1/devices/" + device + "/assignments", Map.of("patientId", patient, "from",
                from.toString())).status()).isEqualTo(201);
    }
}
