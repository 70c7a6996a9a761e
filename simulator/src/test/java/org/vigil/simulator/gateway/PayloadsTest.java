package org.vigil.simulator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.common.vitals.Acvpu;
import org.vigil.common.vitals.VitalType;
import org.vigil.simulator.signal.Reading;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PayloadsTest {

    private static final Instant TIME = Instant.parse("2026-11-21T10:00:00.250Z");

    private final JsonMapper json = JsonMapper.builder().build();
    private final Payloads payloads = new Payloads(json);

    @Test
    void readingsAreSentInTheShapeOfTheExternalContract() {
        String body = payloads.write(payloads.readings(List.of(
                new Reading.Quantity("hr-000001", VitalType.HEART_RATE, 72, TIME),
                new Reading.Quantity("rr-000002", VitalType.RESPIRATORY_RATE, 16, TIME),
                new Reading.Quantity("spo2-000003", VitalType.SPO2, 97, TIME),
                new Reading.Quantity("temp-000004", VitalType.BODY_TEMPERATURE, 37.1, TIME),
                new Reading.BloodPressure("bp-000005", 121, 79, TIME),
                new Reading.Consciousness("acvpu-000006", Acvpu.A, TIME),
                new Reading.SupplementalOxygen("o2-000007", false, TIME))));

        assertThat(json.readTree(body)).isEqualTo(json.readTree("""
                {"readings": [
                  {"id": "hr-000001", "type": "heart-rate", "value": 72.0, "unit": "/min",
                   "time": "2026-11-21T10:00:00.250Z"},
                  {"id": "rr-000002", "type": "respiratory-rate", "value": 16.0, "unit": "/min",
                   "time": "2026-11-21T10:00:00.250Z"},
                  {"id": "spo2-000003", "type": "spo2", "value": 97.0, "unit": "%",
                   "time": "2026-11-21T10:00:00.250Z"},
                  {"id": "temp-000004", "type": "body-temperature", "value": 37.1, "unit": "Cel",
                   "time": "2026-11-21T10:00:00.250Z"},
                  {"id": "bp-000005", "type": "blood-pressure", "systolic": 121.0, "diastolic": 79.0,
                   "unit": "mm[Hg]", "time": "2026-11-21T10:00:00.250Z"},
                  {"id": "acvpu-000006", "type": "consciousness", "value": "A",
                   "time": "2026-11-21T10:00:00.250Z"},
                  {"id": "o2-000007", "type": "supplemental-oxygen", "value": false,
                   "time": "2026-11-21T10:00:00.250Z"}
                ]}
                """));
    }

    @Test
    void bloodPressureCarriesBothComponentsAndNoSingleValue() {
        JsonNode reading = json.readTree(payloads.write(payloads.readings(List.of(
                new Reading.BloodPressure("bp-000001", 84, 50, TIME))))).path("readings").path(0);

        assertThat(reading.has("value")).isFalse();
        assertThat(reading.path("systolic").asDouble()).isEqualTo(84.0);
        assertThat(reading.path("diastolic").asDouble()).isEqualTo(50.0);
        assertThat(reading.path("unit").asString()).isEqualTo("mm[Hg]");
    }

    @Test
    void rrIntervalsAreSentAsValuesInMillisecondsWithTheWindowStartAsTime() {
        JsonNode reading = json.readTree(payloads.write(payloads.readings(List.of(
                new Reading.RrIntervals("rri-000001", List.of(812.0, 790.0), TIME))))).path("readings").path(0);

        assertThat(reading.path("type").asString()).isEqualTo("rr-intervals");
        assertThat(reading.path("values").get(0).asDouble()).isEqualTo(812.0);
        assertThat(reading.path("values").get(1).asDouble()).isEqualTo(790.0);
        assertThat(reading.path("unit").asString()).isEqualTo("ms");
        assertThat(reading.path("time").asString()).isEqualTo(TIME.toString());
        assertThat(reading.has("value")).isFalse();
    }

    @Test
    void theTimeIsIso8601InUtc() {
        JsonNode reading = json.readTree(payloads.write(payloads.readings(List.of(
                new Reading.Quantity("hr-000001", VitalType.HEART_RATE, 72, Instant.parse("2026-11-21T10:00:00Z"))))))
                .path("readings").path(0);

        assertThat(Instant.parse(reading.path("time").asString())).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(reading.path("time").asString()).endsWith("Z");
    }

    @Test
    void thePatientIsAnR4PatientWithTheDemoMrn() {
        String body = payloads.write(payloads.patient(
                new DemoPatient("DEMO-0001", "Ada", "Okafor", "female", LocalDate.of(1948, 3, 12))));

        assertThat(json.readTree(body)).isEqualTo(json.readTree("""
                {"resourceType": "Patient",
                 "identifier": [{"use": "usual", "system": "urn:vigil:demo-mrn", "value": "DEMO-0001"}],
                 "active": true,
                 "name": [{"use": "official", "family": "Okafor", "given": ["Ada"]}],
                 "gender": "female",
                 "birthDate": "1948-03-12"}
                """));
    }

    @Test
    void deviceAndAssignmentBodiesAreTheContractsOwn() {
        assertThat(payloads.device("SIM-ABC-01")).isEqualTo(json.readTree("""
                {"serial": "SIM-ABC-01", "manufacturer": "Vigil Demo", "model": "Multi-parameter monitor"}
                """));
        assertThat(payloads.assignment("p-1")).isEqualTo(json.readTree("""
                {"patientId": "p-1"}
                """));
        assertThat(payloads.assignment("p-1", java.time.Instant.parse("2026-11-20T21:00:00Z")))
                .isEqualTo(json.readTree("""
                        {"patientId": "p-1", "from": "2026-11-20T21:00:00Z"}
                        """));
    }

    @Test
    void aFallCarriesTheLocationIngestReadsIntoTheFallRulesMessage() {
        var fall = new org.vigil.simulator.signal.Reading.Fall("fall-000009",
                java.time.Instant.parse("2026-11-21T10:00:25Z"), 51.523774, -0.134912);

        assertThat(payloads.readings(List.of(fall))).isEqualTo(json.readTree("""
                {"readings": [{"id": "fall-000009", "type": "fall", "location": {"lat": 51.523774, "lon": -0.134912},
                               "time": "2026-11-21T10:00:25Z"}]}
                """));
    }

    @Test
    void aBatchAnswerIsReadWhetherItCountsOrListsTheReadings() {
        assertThat(payloads.batchAnswer("""
                {"accepted": 5, "duplicates": 1, "rejected": [{"id": "acvpu-000006", "reason": "..."}]}
                """, 7)).isEqualTo(new BatchOutcome.Answered(5, 1, 1, List.of("acvpu-000006")));
        assertThat(payloads.batchAnswer("""
                {"accepted": ["hr-1", "rr-2"], "duplicates": ["spo2-3"], "rejected": []}
                """, 3)).isEqualTo(new BatchOutcome.Answered(2, 1, 0, List.of()));
        assertThat(payloads.batchAnswer("""
                {"duplicates": 0, "rejected": [{"readingId": "bp-4", "reason": "..."}]}
                """, 4)).isEqualTo(new BatchOutcome.Answered(3, 0, 1, List.of("bp-4")));
        assertThat(payloads.batchAnswer("", 4)).isEqualTo(new BatchOutcome.Answered(4, 0, 0, List.of()));
    }

    @Test
    void theProblemDetailIsTakenFromAProblemOrAnOperationOutcome() {
        assertThat(payloads.problemDetail("""
                {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "serial SIM-1 exists"}
                """)).isEqualTo("serial SIM-1 exists");
        assertThat(payloads.problemDetail("""
                {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "invalid",
                 "diagnostics": "Patient.gender: unknown code"}]}
                """)).isEqualTo("Patient.gender: unknown code");
        assertThat(payloads.problemDetail("")).isEqualTo("(no body)");
        assertThat(payloads.problemDetail("Bad Gateway")).isEqualTo("Bad Gateway");
    }

    @Test
    void thePatientIdIsTakenFromTheLocationOrElseFromAPatientBody() {
        assertThat(GatewayClient.idFromLocation("http://localhost:8080/fhir/Patient/42/_history/1")).isEqualTo("42");
        assertThat(GatewayClient.idFromLocation("http://localhost:8080/fhir/Patient/42")).isEqualTo("42");
        assertThat(GatewayClient.idFromLocation(null)).isNull();
        assertThat(payloads.patientId("""
                {"resourceType": "Patient", "id": "42"}""")).isEqualTo("42");
        assertThat(payloads.patientId("""
                {"resourceType": "OperationOutcome", "id": "oo-1"}""")).isNull();
    }

    @Test
    void theDeviceTokenIsNotInItsStringForm() {
        assertThat(new Device("d-1", "SIM-1", "s3cr3t-token").toString()).doesNotContain("s3cr3t");
    }

    @Test
    void careTeamsAreReadFromAnArrayOrAnObjectHoldingOne() {
        List<Payloads.CareTeam> expected = List.of(new Payloads.CareTeam("ct-1", "Demo ward"));
        String team = "{\"id\":\"ct-1\",\"name\":\"Demo ward\",\"members\":[\"ada\"],\"patients\":[]}";

        assertThat(payloads.careTeams("[" + team + "]")).isEqualTo(expected);
        assertThat(payloads.careTeams("{\"careTeams\":[" + team + "]}")).isEqualTo(expected);
        assertThat(payloads.careTeams("{\"total\":1,\"items\":[" + team + "]}")).isEqualTo(expected);
        assertThat(payloads.careTeams("{\"page\":{\"size\":20},\"teams\":[" + team + ", {\"id\":7}]}"))
                .isEqualTo(expected);
        assertThat(payloads.careTeams("")).isEmpty();
        assertThat(payloads.careTeams("<html>")).isEmpty();
    }

    @Test
    void careTeamAndPatientUserBodiesAreExactlyTheContracts() {
        assertThat(payloads.write(payloads.careTeam("Demo ward"))).isEqualTo("{\"name\":\"Demo ward\"}");
        assertThat(payloads.write(payloads.patientUser("pat"))).isEqualTo("{\"subject\":\"pat\"}");
    }
}
