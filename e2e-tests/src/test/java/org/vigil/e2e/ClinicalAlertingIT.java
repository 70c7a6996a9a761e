package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4 through the gateway: the RCP's worked example scores NEWS2 5 (medium) for the dashboard and for integrators,
 * a fall raises an immediate high alert, and a detached sensor's zero is a technical alert, not a clinical one.
 */
class ClinicalAlertingIT {

    private static final Duration PIPELINE = Duration.ofSeconds(30);
    private static Api api;
    private static IGenericClient fhir;

    @BeforeAll
    static void platform() {
        Platform platform = Platform.get();
        api = new Api(platform.gateway());
        fhir = FhirClients.admin();
    }

    @Test
    void theWorkedExampleScoresFiveMediumForCliniciansAndIntegrators() {
        String patient = api.createPatient("Worked", "Example");
        Api.Device device = api.registerDevice("Acme Medical");
        api.assign(device.id(), patient, Instant.now().minus(Duration.ofHours(1)));
        Instant t = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

        // RCP NEWS2 (2017) worked example: RR 21, SpO2 93 % on air, systolic 120, pulse 95, alert, 37.5 °C.
        Api.Response posted = api.postReadings(device.token(), "[" + String.join(",",
                Api.reading("rr", "respiratory-rate", 21, "/min", t),
                Api.reading("spo2", "spo2", 93, "%", t.plusSeconds(1)),
                "{\"id\":\"o2\",\"type\":\"supplemental-oxygen\",\"value\":false,\"time\":\"" + t.plusSeconds(2) + "\"}",
                "{\"id\":\"bp\",\"type\":\"blood-pressure\",\"systolic\":120,\"diastolic\":76,\"unit\":\"mm[Hg]\","
                        + "\"time\":\"" + t.plusSeconds(3) + "\"}",
                Api.reading("hr", "heart-rate", 95, "/min", t.plusSeconds(4)),
                "{\"id\":\"acvpu\",\"type\":\"consciousness\",\"value\":\"A\",\"time\":\"" + t.plusSeconds(5) + "\"}",
                Api.reading("temp", "body-temperature", 37.5, "Cel", t.plusSeconds(6))) + "]");
        assertThat(posted.json().get("accepted").asInt()).isEqualTo(7);

        JsonNode score = await().atMost(PIPELINE).until(
                () -> api.get("/api/v1/patients/" + patient + "/news2"),
                r -> r.status() == 200 && r.json().get("complete").asBoolean()).json();
        assertThat(score.get("total").asInt()).isEqualTo(5);
        assertThat(score.get("risk").asString()).isEqualTo("medium");

        JsonNode news2Alerts = await().atMost(PIPELINE).until(
                () -> api.get("/api/v1/alerts?patientId=" + patient + "&status=open").json(), a -> a.size() >= 1);
        assertThat(news2Alerts).extracting(a -> a.get("rule").asString()).containsExactly("news2");
        assertThat(news2Alerts.get(0).get("severity").asString()).isEqualTo("medium");

        List<Observation> scores = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patient))
                .and(Observation.CODE.exactly().systemAndCode("http://snomed.info/sct", "1104051000000101"))
                .returnBundle(Bundle.class).execute()
                .getEntry().stream().map(e -> (Observation) e.getResource()).toList();
        assertThat(scores).isNotEmpty();
        assertThat(((IntegerType) scores.getFirst().getValue()).getValue()).isEqualTo(5);
    }

    @Test
    void aFallIsAnImmediateHighAlertAndAZeroHeartRateATechnicalOne() {
        String patient = api.createPatient("Fall", "Sensor");
        Api.Device device = api.registerDevice("Acme Medical");
        api.assign(device.id(), patient, Instant.now().minus(Duration.ofHours(1)));
        Instant t = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);

        Api.Response posted = api.postReadings(device.token(), "[" + String.join(",",
                Api.reading("hr-zero", "heart-rate", 0, "/min", t),
                "{\"id\":\"fall-1\",\"type\":\"fall\",\"time\":\"" + t.plusSeconds(5)
                        + "\",\"location\":{\"lat\":51.5072,\"lon\":-0.1276}}") + "]");
        assertThat(posted.json().get("accepted").asInt()).isEqualTo(2);

        JsonNode clinical = await().atMost(PIPELINE).until(
                () -> api.get("/api/v1/alerts?patientId=" + patient + "&category=clinical").json(), a -> a.size() >= 1);
        JsonNode technical = await().atMost(PIPELINE).until(
                () -> api.get("/api/v1/alerts?patientId=" + patient + "&category=technical").json(), a -> a.size() >= 1);
        assertThat(clinical).extracting(a -> a.get("rule").asString()).containsExactly("fall");
        assertThat(clinical.get(0).get("severity").asString()).isEqualTo("high");
        assertThat(technical).extracting(a -> a.get("rule").asString()).containsExactly("sensor-off-heart-rate");
    }
}
