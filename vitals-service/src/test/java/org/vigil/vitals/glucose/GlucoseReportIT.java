package org.vigil.vitals.glucose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The report over two days of 5-minute CGM readings stored in PostgreSQL. The expected numbers come from this Python 3
 * calculation (statistics module; numpy.percentile agrees on the percentiles), not from the code under test:
 *
 * <pre>
 * start = datetime(2026, 7, 1, tzinfo=timezone.utc)
 * rows = [(start + timedelta(minutes=5 * i), 40 + (i * 37) % 261) for i in range(576) if not 100 <= i < 112]
 * v = [x for _, x in rows]          # 564 readings, 53/54, 69/70, 180/181, 250/251 each present
 * mean(v) = 170.68085106382978, stdev(v) = 75.62112903577696, 100 * stdev / mean = 44.30557298281622,
 * 3.31 + 0.02392 * mean = 7.392685957446808, 100 * 564 / (2 * 1440 / 5) = 97.91666666666667
 * ranges (< 54, < 70, <= 180, <= 250, > 250): 28, 36, 240, 148, 112 readings
 * AGP, Europe/London: bin 00:00 [65, 73, 102, 110, 147, 289] -> 67.0 80.25 106.0 137.75 253.5
 *                     bin 08:00 [45, 53, 90, 232, 269, 277] -> 47.0 62.25 161.0 259.75 275.0
 *                     bin 23:45 [178, 215, 223, 252, 260, 297] -> 187.25 217.0 237.5 258.0 287.75
 * </pre>
 */
class GlucoseReportIT extends IntegrationTest {

    private static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-07-03T00:00:00Z");

    @Autowired
    JdbcTemplate jdbc;

    private final String clinician = "ada-" + UUID.randomUUID();
    private String patient = "";

    @BeforeEach
    void patientInAClinicianTeam() {
        patient = createPatient();
        String team = post("/api/v1/care-teams", Map.of("name", "CGM " + UUID.randomUUID())).json().get("id")
                .asString();
        assertThat(put("/api/v1/care-teams/" + team + "/members/" + clinician, Map.of(), TestIssuer.admin())
                .status()).isEqualTo(200);
        assertThat(put("/api/v1/care-teams/" + team + "/patients/" + patient, Map.of(), TestIssuer.admin())
                .status()).isEqualTo(200);
    }

    @Test
    void twoDaysOfCgmReadingsGiveTheIndependentlyComputedMetrics() {
        for (int i = 0; i < 576; i++) {
            if (i < 100 || i >= 112) {
                insert(START.plusSeconds(300L * i), 40.0 + (i * 37) % 261, null, null);
            }
        }
        // Neither a withdrawn reading nor one without a value counts; nor does another type.
        insert(START.plusSeconds(150), 400.0, "entered-in-error", null);
        insert(START.plusSeconds(450), null, null, "asked-but-declined");
        jdbc.update("INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, unit,"
                + " source) VALUES (?, 'cgm', ?, ?, 'heart-rate', ?, ?, 300, '/min', 'device')", UUID.randomUUID(),
                "hr-" + UUID.randomUUID(), patient, Timestamp.from(START), Timestamp.from(START));

        Response response = get("/api/v1/patients/" + patient + "/glucose-report?from=" + START + "&to=" + END
                + "&tz=Europe/London", TestIssuer.clinician(clinician));

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("patientId").asString()).isEqualTo(patient);
        assertThat(report.get("from").asString()).isEqualTo(START.toString());
        assertThat(report.get("to").asString()).isEqualTo(END.toString());
        assertThat(report.get("timeZone").asString()).isEqualTo("Europe/London");
        assertThat(report.get("unit").asString()).isEqualTo("mg/dL");
        assertThat(report.get("readings").asInt()).isEqualTo(564);
        assertThat(report.get("sensorIntervalMinutes").asDouble()).isEqualTo(5.0);
        assertThat(report.get("activePercent").asDouble()).isCloseTo(97.91666666666667, within(1e-9));
        assertThat(report.get("mean").asDouble()).isCloseTo(170.68085106382978, within(1e-9));
        assertThat(report.get("sd").asDouble()).isCloseTo(75.62112903577696, within(1e-9));
        assertThat(report.get("cvPercent").asDouble()).isCloseTo(44.30557298281622, within(1e-9));
        assertThat(report.get("gmiPercent").asDouble()).isCloseTo(7.392685957446808, within(1e-9));

        JsonNode ranges = report.get("ranges");
        List<String> codes = new ArrayList<>();
        List<Double> percents = new ArrayList<>();
        ranges.forEach(range -> {
            codes.add(range.get("code").asString());
            percents.add(range.get("percent").asDouble());
        });
        assertThat(codes).containsExactly("very-low", "low", "in-range", "high", "very-high");
        assertThat(percents).containsExactly(100.0 * 28 / 564, 100.0 * 36 / 564, 100.0 * 240 / 564,
                100.0 * 148 / 564, 100.0 * 112 / 564);
        assertThat(ranges.get(2).get("label").asString()).isEqualTo("70–180 mg/dL");
        assertThat(ranges.get(2).get("minutes").asDouble()).isCloseTo(1440.0 * 240 / 564, within(1e-9));

        JsonNode agp = report.get("agp");
        assertThat(agp.get("minuteOfDay")).hasSize(96);
        assertBin(agp, 0, 67.0, 80.25, 106.0, 137.75, 253.5);
        assertBin(agp, 8 * 60, 47.0, 62.25, 161.0, 259.75, 275.0);
        assertBin(agp, 1425, 187.25, 217.0, 237.5, 258.0, 287.75);
    }

    @Test
    void withoutGlucoseReadingsTheReportIsEmptyWithNullNumbers() {
        Response response = get("/api/v1/patients/" + patient + "/glucose-report");

        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("readings").asInt()).isZero();
        assertThat(report.get("timeZone").asString()).isEqualTo("UTC");
        for (String field : List.of("sensorIntervalMinutes", "activePercent", "mean", "sd", "cvPercent",
                "gmiPercent")) {
            assertThat(report.has(field)).as(field).isTrue();
            assertThat(report.get(field).isNull()).as(field).isTrue();
        }
        assertThat(report.get("ranges")).hasSize(5);
        assertThat(report.get("ranges").get(0).get("percent").isNull()).isTrue();
        for (String column : List.of("minuteOfDay", "p5", "p25", "p50", "p75", "p95")) {
            assertThat(report.get("agp").get(column).isArray()).as(column).isTrue();
            assertThat(report.get("agp").get(column)).as(column).isEmpty();
        }
        // The default period: the last 14 days.
        Instant from = Instant.parse(report.get("from").asString());
        Instant to = Instant.parse(report.get("to").asString());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(14));
        assertThat(to).isCloseTo(Instant.now(), within(1, java.time.temporal.ChronoUnit.MINUTES));
    }

    @Test
    void aClinicianOfAnotherCareTeamIsRefusedAndAnUnknownPatientIsNotFound() {
        String path = "/api/v1/patients/" + patient + "/glucose-report";
        Response refused = get(path, TestIssuer.clinician("ben-" + UUID.randomUUID()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(get(path, TestIssuer.clinician(clinician)).status()).isEqualTo(200);
        assertThat(get("/api/v1/patients/no-such-patient/glucose-report").status()).isEqualTo(404);
    }

    @Test
    void badParametersAreBadRequestsNamingThem() {
        String base = "/api/v1/patients/" + patient + "/glucose-report";
        assertProblem(base + "?tz=Mars/Olympus_Mons", "tz");
        assertProblem(base + "?from=last-week", "from");
        assertProblem(base + "?to=tomorrow", "to");
        assertProblem(base + "?from=" + END + "&to=" + START, "from");
        assertProblem(base + "?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z", "90 days");
    }

    private static void assertBin(JsonNode agp, int minuteOfDay, double p5, double p25, double p50, double p75,
            double p95) {
        int bin = minuteOfDay / 15;
        assertThat(agp.get("minuteOfDay").get(bin).asInt()).isEqualTo(minuteOfDay);
        assertThat(agp.get("p5").get(bin).asDouble()).isCloseTo(p5, within(1e-9));
        assertThat(agp.get("p25").get(bin).asDouble()).isCloseTo(p25, within(1e-9));
        assertThat(agp.get("p50").get(bin).asDouble()).isCloseTo(p50, within(1e-9));
        assertThat(agp.get("p75").get(bin).asDouble()).isCloseTo(p75, within(1e-9));
        assertThat(agp.get("p95").get(bin).asDouble()).isCloseTo(p95, within(1e-9));
    }

    private void insert(Instant time, @Nullable Double value, @Nullable String status,
            @Nullable String dataAbsentReason) {
        jdbc.update("""
                INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, unit,
                                      source, status, data_absent_reason)
                VALUES (?, 'cgm', ?, ?, 'blood-glucose', ?, ?, ?, 'mg/dL', 'device', ?, ?)
                """, UUID.randomUUID(), "g-" + UUID.randomUUID(), patient, Timestamp.from(time),
                Timestamp.from(time), value, status, dataAbsentReason);
    }

    private void assertProblem(String path, String named) {
        Response response = get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).as(path).contains(named);
    }
}
