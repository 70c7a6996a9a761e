package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a newcomer sees after `./vigil up`: the simulated fleet provisions its patients through the gateway, their
 * vital signs arrive, and the deteriorating patient has open alerts within a minute, the others none.
 */
class SimulatorIT {

    @Test
    void theDeterioratingDemoPatientRaisesAlertsWithinAMinute() throws Exception {
        Platform platform = Platform.get();
        Api api = new Api(platform.gateway());
        Path state = platform.logsDirectory().resolve("simulator-state.json");
        Files.deleteIfExists(state);

        Process simulator = platform.launch("simulator", platform.jar("simulator"), List.of("-Xmx128m"),
                List.of("--gateway", platform.gateway().toString(), "--patients", "3", "--interval", "2",
                        "--duration", "90", "--state", state.toString(),
                        // SecurityIT links the demo patient user to a patient of its own.
                        "--patient-user", ""));
        try {
            JsonNode provisioned = await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(state) ? Api.JSON.readTree(state.toFile()) : null, s -> s != null);
            JsonNode patients = provisioned.get("patients");
            assertThat(patients).hasSize(3);
            String sick = null;
            for (JsonNode patient : patients) {
                if (patient.get("deteriorating").asBoolean()) {
                    sick = patient.get("patientId").asString();
                }
            }
            assertThat(sick).as("one patient deteriorates").isNotNull();
            String sickPatient = sick;

            JsonNode alerts = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(
                    () -> api.get("/api/v1/alerts?patientId=" + sickPatient + "&status=open").json(),
                    json -> rules(json).containsAll(Set.of("heart-rate-high", "spo2-low")));
            assertThat(rules(alerts)).contains("heart-rate-high", "spo2-low");
            assertThat(alerts).allSatisfy(alert -> assertThat(alert.get("patientId").asString()).isEqualTo(sickPatient));

            for (JsonNode patient : patients) {
                String id = patient.get("patientId").asString();
                JsonNode latest = api.get("/api/v1/patients/" + id + "/vitals/latest").json();
                assertThat(latest.get("vitals").size()).as("vital types with data for " + id).isGreaterThanOrEqualTo(4);
                if (!patient.get("deteriorating").asBoolean()) {
                    assertThat(api.get("/api/v1/alerts?patientId=" + id + "&status=open").json())
                            .as("alerts of a stable patient").isEmpty();
                }
            }
        } finally {
            simulator.destroy();
        }
        assertThat(platform.tail("simulator")).doesNotContainIgnoringCase("bearer");
    }

    private static Set<String> rules(JsonNode alerts) {
        Set<String> rules = new HashSet<>();
        alerts.forEach(alert -> rules.add(alert.get("rule").asString()));
        return rules;
    }
}
