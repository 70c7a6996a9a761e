package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.StreamSupport;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole path, through the gateway only: an integrator creates a patient with HAPI's FHIR client, an admin
 * provisions and assigns a device, the device posts readings (one out of range), and then the readings are FHIR
 * Observations, the dashboard's vitals, and an open alert a clinician acknowledges.
 */
class ReadingToAlertIT {

    private static final Duration PIPELINE = Duration.ofSeconds(30);
    private static Platform platform;
    private static Api api;
    private static IGenericClient fhir;

    @BeforeAll
    static void platform() {
        platform = Platform.get();
        api = new Api(platform.gateway());
        fhir = FhirClients.admin();
    }

    @Test
    void aDevicesReadingsBecomeObservationsVitalsAndOneAlert() {
        Patient patient = new Patient();
        String mrn = "MRN-" + System.nanoTime();
        patient.addIdentifier().setSystem("urn:vigil:e2e-mrn").setValue(mrn);
        patient.addName().setFamily("Okafor").addGiven("Ada");
        patient.setBirthDateElement(new DateType("1948-03-02"));
        MethodOutcome created = fhir.create().resource(patient).execute();
        assertThat(created.getResponseStatusCode()).isEqualTo(201);
        String patientId = created.getId().getIdPart();
        Patient read = fhir.read().resource(Patient.class).withId(patientId).execute();
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Okafor");

        Api.Device device = api.registerDevice("Acme Medical");
        // Readings are only attributed from the assignment's start on, and these were taken in the last minute.
        api.assign(device.id(), patientId, Instant.now().minus(Duration.ofHours(1)));

        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Api.Response posted = api.postReadings(device.token(), "[" + String.join(",",
                Api.reading("hr-1", "heart-rate", 72, "/min", t.minusSeconds(50)),
                Api.reading("hr-2", "heart-rate", 142, "/min", t.minusSeconds(40)),
                Api.reading("temp-1", "body-temperature", 98.6, "[degF]", t.minusSeconds(30)),
                "{\"id\":\"bp-1\",\"type\":\"blood-pressure\",\"systolic\":120,\"diastolic\":80,"
                        + "\"unit\":\"mm[Hg]\",\"time\":\"" + t.minusSeconds(20) + "\"}",
                "{\"id\":\"acvpu-1\",\"type\":\"consciousness\",\"value\":\"A\",\"time\":\"" + t.minusSeconds(10)
                        + "\"}",
                "{\"id\":\"o2-1\",\"type\":\"supplemental-oxygen\",\"value\":false,\"time\":\"" + t.minusSeconds(10)
                        + "\"}") + "]");

        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.json().get("accepted").asInt()).isEqualTo(6);
        assertThat(posted.json().get("duplicates").asInt()).isZero();
        assertThat(posted.json().get("rejected")).isEmpty();

        List<Observation> heartRates = await().atMost(PIPELINE).until(
                () -> search(patientId, "http://loinc.org|8867-4"), list -> list.size() == 2);
        assertThat(heartRates).extracting(o -> o.getValueQuantity().getValue().doubleValue())
                .containsExactlyInAnyOrder(72.0, 142.0);
        Observation heartRate = heartRates.getFirst();
        assertThat(heartRate.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(heartRate.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(heartRate.getValueQuantity().getCode()).isEqualTo("/min");
        assertThat(heartRate.getSubject().getReference()).endsWith("Patient/" + patientId);
        assertThat(heartRate.getDevice().getReference()).endsWith("Device/" + device.id());
        assertThat(heartRate.hasEffectiveDateTimeType()).isTrue();

        assertThat(api.rawGetStatus("/fhir/Observation?subject=Patient/" + patientId
                + "&code=http://loinc.org|8867-4")).as("the issue's query, typed as is").isEqualTo(200);

        List<Observation> pressures = await().atMost(PIPELINE).until(
                () -> search(patientId, "http://loinc.org|85354-9"), list -> list.size() == 1);
        Observation pressure = pressures.getFirst();
        assertThat(pressure.hasValue()).isFalse();
        assertThat(pressure.getComponent()).hasSize(2);
        assertThat(component(pressure, "8480-6").getValue().doubleValue()).isEqualTo(120.0);
        assertThat(component(pressure, "8462-4").getValue().doubleValue()).isEqualTo(80.0);

        List<Observation> temperatures = await().atMost(PIPELINE).until(
                () -> search(patientId, "8310-5"), list -> list.size() == 1);
        assertThat(temperatures.getFirst().getValueQuantity().getValue().doubleValue()).isEqualTo(37.0);
        assertThat(temperatures.getFirst().getValueQuantity().getCode()).isEqualTo("Cel");

        JsonNode alerts = await().atMost(PIPELINE).until(
                () -> api.get("/api/v1/alerts?patientId=" + patientId + "&status=open").json(),
                json -> json.size() >= 1);
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("rule").asString()).isEqualTo("heart-rate-high");
        assertThat(alert.get("type").asString()).isEqualTo("heart-rate");
        assertThat(alert.get("value").asDouble()).isEqualTo(142.0);
        assertThat(alert.get("status").asString()).isEqualTo("open");
        assertThat(alert.get("patientId").asString()).isEqualTo(patientId);
        assertThat(Instant.parse(alert.get("observedAt").asString())).isEqualTo(t.minusSeconds(40));
        for (String field : List.of("id", "severity", "message", "raisedAt")) {
            assertThat(alert.hasNonNull(field)).as(field).isTrue();
        }

        Api.Response acknowledged = api.post("/api/v1/alerts/" + alert.get("id").asString() + "/acknowledge", "{}");
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/alerts?patientId=" + patientId + "&status=open").json()).isEmpty();
        assertThat(api.get("/api/v1/alerts?patientId=" + patientId + "&status=acknowledged").json()).hasSize(1);

        JsonNode latest = api.get("/api/v1/patients/" + patientId + "/vitals/latest").json();
        JsonNode latestHeartRate = StreamSupport.stream(latest.get("vitals").spliterator(), false)
                .filter(v -> v.get("type").asString().equals("heart-rate")).findFirst().orElseThrow();
        assertThat(latestHeartRate.get("value").asDouble()).isEqualTo(142.0);
        assertThat(Instant.parse(latestHeartRate.get("time").asString())).isEqualTo(t.minusSeconds(40));
        assertThat(latest.get("vitals")).hasSize(5);

        for (String service : List.of("gateway-service", "ingest-service", "vitals-service", "alert-service",
                "fhir-service")) {
            String log = platform.tail(service, Integer.MAX_VALUE);
            assertThat(log).as(service + " log").doesNotContain("Okafor", mrn, device.token());
        }
    }

    @Test
    void readingsTakenBeforeADeviceMovedStayWithTheFirstPatient() {
        String first = api.createPatient("First", "Patient");
        String second = api.createPatient("Second", "Patient");
        Api.Device device = api.registerDevice("Acme Medical");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        api.assign(device.id(), first, now.minus(Duration.ofHours(2)));
        api.assign(device.id(), second, now.minus(Duration.ofHours(1)));

        Api.Response posted = api.postReadings(device.token(), "[" + String.join(",",
                Api.reading("before-move", "spo2", 95, "%", now.minus(Duration.ofMinutes(90))),
                Api.reading("after-move", "spo2", 97, "%", now.minus(Duration.ofMinutes(10)))) + "]");
        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.json().get("accepted").asInt()).isEqualTo(2);

        String range = "&from=" + now.minus(Duration.ofHours(3)) + "&to=" + now;
        JsonNode firstReadings = await().atMost(PIPELINE).until(
                () -> api.get("/api/v1/patients/" + first + "/vitals?type=spo2" + range).json().get("readings"),
                r -> r.size() >= 1);
        JsonNode secondReadings = await().atMost(PIPELINE).until(
                () -> api.get("/api/v1/patients/" + second + "/vitals?type=spo2" + range).json().get("readings"),
                r -> r.size() >= 1);
        assertThat(firstReadings).extracting(r -> r.get("readingId").asString()).containsExactly("before-move");
        assertThat(secondReadings).extracting(r -> r.get("readingId").asString()).containsExactly("after-move");
    }

    private static List<Observation> search(String patientId, String code) {
        Bundle bundle = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patientId))
                .and(code.contains("|")
                        ? Observation.CODE.exactly().systemAndCode(code.substring(0, code.indexOf('|')),
                                code.substring(code.indexOf('|') + 1))
                        : Observation.CODE.exactly().code(code))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        return bundle.getEntry().stream().map(e -> (Observation) e.getResource()).toList();
    }

    private static Quantity component(Observation observation, String loinc) {
        return observation.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals(loinc))
                .findFirst().orElseThrow().getValueQuantity();
    }
}
