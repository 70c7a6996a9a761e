package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.vitals.VitalType;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class VitalSeriesIT extends IntegrationTest {

    /** A whole hour, so that its epoch seconds are a multiple of every bucket width used here. */
    private static final Instant HOUR = Instant.parse("2026-07-01T10:00:00Z");

    @Autowired
    JdbcTemplate jdbc;

    private final String clinician = "ada-" + UUID.randomUUID();
    private String patient = "";

    @BeforeEach
    void patientInAClinicianTeam() {
        patient = createPatient();
        String team = post("/api/v1/care-teams", Map.of("name", "Series " + UUID.randomUUID())).json().get("id")
                .asString();
        assertThat(put("/api/v1/care-teams/" + team + "/members/" + clinician, Map.of(), TestIssuer.admin())
                .status()).isEqualTo(200);
        assertThat(put("/api/v1/care-teams/" + team + "/patients/" + patient, Map.of(), TestIssuer.admin())
                .status()).isEqualTo(200);
    }

    @Test
    void eachBucketHoldsMinMaxMeanAndCountSoThatASpikeSurvivesDownsampling() {
        // Every 10 s for 5 minutes: 60 + (i % 6), so each minute holds 60..65 (mean 62.5, count 6); one spike of 190
        // at 10:02:30 replaces that reading's 63.
        for (int i = 0; i < 30; i++) {
            Instant time = HOUR.plusSeconds(10L * i);
            insert("heart-rate", time, time.equals(HOUR.plusSeconds(150)) ? 190.0 : 60.0 + i % 6, null, null, null,
                    null);
        }
        // Withdrawn and cancelled readings, and one without its value, are no part of any bucket.
        insert("heart-rate", HOUR.plusSeconds(65), 300.0, null, null, "entered-in-error", null);
        insert("heart-rate", HOUR.plusSeconds(75), 5.0, null, null, "cancelled", null);
        insert("heart-rate", HOUR.plusSeconds(85), null, null, null, null, "error");
        insert("heart-rate", HOUR.plusSeconds(95), 61.0, null, null, "amended", null);

        // 5 minutes over 5 points: 60 s buckets.
        Response response = get(series("heart-rate", HOUR, HOUR.plusSeconds(300), "5"), TestIssuer.clinician(clinician));

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("patientId").asString()).isEqualTo(patient);
        assertThat(body.get("type").asString()).isEqualTo("heart-rate");
        assertThat(body.get("unit").asString()).isEqualTo("/min");
        assertThat(body.get("from").asString()).isEqualTo(HOUR.toString());
        assertThat(body.get("to").asString()).isEqualTo(HOUR.plusSeconds(300).toString());
        assertThat(body.get("bucketSeconds").asLong()).isEqualTo(60);
        assertThat(body.get("components")).hasSize(1);
        JsonNode value = body.get("components").get(0);
        assertThat(value.get("name").asString()).isEqualTo("value");
        long start = HOUR.getEpochSecond();
        assertThat(longs(value.get("time"))).containsExactly(start, start + 60, start + 120, start + 180, start + 240);
        assertThat(longs(value.get("count"))).containsExactly(6L, 7L, 6L, 6L, 6L);
        assertThat(doubles(value.get("min"))).containsExactly(60.0, 60.0, 60.0, 60.0, 60.0);
        assertThat(doubles(value.get("max"))).containsExactly(65.0, 65.0, 190.0, 65.0, 65.0);
        // Minute 1 also has the amended 61: (375 + 61) / 7. Minute 2: (375 - 63 + 190) / 6.
        assertThat(doubles(value.get("mean"))).containsExactly(62.5, 436.0 / 7, 502.0 / 6, 62.5, 62.5);
    }

    @Test
    void bucketsAlignToMultiplesOfTheirWidthAndEmptyOnesAreLeftOut() {
        insert("heart-rate", HOUR.plusSeconds(30), 70.0, null, null, null, null);
        insert("heart-rate", HOUR.plusSeconds(250), 80.0, null, null, null, null);

        // 10:00:20 to 10:04:20 over 4 points: 60 s buckets starting on whole minutes; the first begins before from.
        JsonNode value = get(series("heart-rate", HOUR.plusSeconds(20), HOUR.plusSeconds(260), "4"))
                .json().get("components").get(0);

        long start = HOUR.getEpochSecond();
        assertThat(longs(value.get("time"))).containsExactly(start, start + 240);
        assertThat(doubles(value.get("mean"))).containsExactly(70.0, 80.0);
    }

    @Test
    void bloodPressureAnswersSystolicAndDiastolic() {
        insert("blood-pressure", HOUR.plusSeconds(10), null, 120.0, 80.0, null, null);
        insert("blood-pressure", HOUR.plusSeconds(20), null, 140.0, 90.0, null, null);
        insert("blood-pressure", HOUR.plusSeconds(3600 * 2), null, 200.0, 100.0, null, null);

        // Three hours over 3 points: hour buckets.
        JsonNode body = get(series("blood-pressure", HOUR, HOUR.plusSeconds(3 * 3600), "3")).json();

        assertThat(body.get("unit").asString()).isEqualTo("mm[Hg]");
        assertThat(body.get("bucketSeconds").asLong()).isEqualTo(3600);
        JsonNode systolic = body.get("components").get(0);
        JsonNode diastolic = body.get("components").get(1);
        assertThat(systolic.get("name").asString()).isEqualTo("systolic");
        assertThat(diastolic.get("name").asString()).isEqualTo("diastolic");
        long start = HOUR.getEpochSecond();
        assertThat(longs(systolic.get("time"))).containsExactly(start, start + 7200);
        assertThat(doubles(systolic.get("min"))).containsExactly(120.0, 200.0);
        assertThat(doubles(systolic.get("max"))).containsExactly(140.0, 200.0);
        assertThat(doubles(systolic.get("mean"))).containsExactly(130.0, 200.0);
        assertThat(longs(systolic.get("count"))).containsExactly(2L, 1L);
        assertThat(doubles(diastolic.get("mean"))).containsExactly(85.0, 100.0);
        assertThat(longs(diastolic.get("time"))).containsExactly(start, start + 7200);
    }

    @Test
    void anEmptyRangeAnswersEmptyColumns() {
        JsonNode body = get(series("blood-pressure", HOUR, HOUR.plusSeconds(60), null)).json();

        assertThat(body.get("bucketSeconds").asLong()).isEqualTo(1);
        assertThat(body.get("components")).hasSize(2);
        for (JsonNode component : body.get("components")) {
            for (String column : List.of("time", "min", "max", "mean", "count")) {
                assertThat(component.get(column).isArray()).as(column).isTrue();
                assertThat(component.get(column)).as(column).isEmpty();
            }
        }
    }

    @Test
    void withoutARangeTheLastDayIsCutIntoAThousandPoints() {
        JsonNode body = get("/api/v1/patients/" + patient + "/vitals/series?type=spo2").json();

        Instant from = Instant.parse(body.get("from").asString());
        Instant to = Instant.parse(body.get("to").asString());
        assertThat(to).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        assertThat(from).isEqualTo(to.minus(1, ChronoUnit.DAYS));
        // ceil(86400 / 1000) = 87
        assertThat(body.get("bucketSeconds").asLong()).isEqualTo(87);
        assertThat(body.get("unit").asString()).isEqualTo("%");
    }

    @Test
    void aClinicianOfAnotherCareTeamIsRefusedAndAnUnknownPatientIsNotFound() {
        String path = series("heart-rate", HOUR, HOUR.plusSeconds(60), null);
        Response refused = get(path, TestIssuer.clinician("ben-" + UUID.randomUUID()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(get(path, TestIssuer.clinician(clinician)).status()).isEqualTo(200);
        assertThat(get("/api/v1/patients/no-such-patient/vitals/series?type=heart-rate").status()).isEqualTo(404);
    }

    @Test
    void badParametersAreBadRequestsNamingThem() {
        String base = "/api/v1/patients/" + patient + "/vitals/series";
        assertProblem(base, "type");
        assertProblem(base + "?type=mood", "type");
        assertProblem(base + "?type=consciousness", "type");
        assertProblem(base + "?type=heart-rate&points=0", "points");
        assertProblem(base + "?type=heart-rate&points=20001", "points");
        assertProblem(base + "?type=heart-rate&points=many", "points");
        assertProblem(base + "?type=heart-rate&from=yesterday", "from");
        assertProblem(base + "?type=heart-rate&to=2026-13-01T00:00:00Z", "to");
        assertProblem(base + "?type=heart-rate&from=2026-07-02T00:00:00Z&to=2026-07-01T00:00:00Z", "from");
        assertThat(get(base + "?type=heart-rate&points=20000").status()).isEqualTo(200);
        assertThat(get(base + "?type=heart-rate&points=1").status()).isEqualTo(200);
    }

    /**
     * Thirty days of one patient's heart rate aggregated in one statement reads the patient-type-time index of the
     * partitions the range covers, never the whole table.
     */
    @Test
    void theAggregateReadsThePatientTypeTimeIndex() {
        jdbc.update("""
                INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, unit,
                                      source)
                SELECT gen_random_uuid(), 'series-dev-' || (g % 500), 'series-' || g, 'series-pat-' || (g % 500),
                       (ARRAY['heart-rate','spo2','respiratory-rate','body-temperature'])[1 + g % 4],
                       now() - (g % 4000) * interval '10 minutes', now(), 70, '/min', 'device'
                  FROM generate_series(1, 60000) AS g
                """);
        jdbc.execute("ANALYZE readings");
        Instant to = Instant.now();
        Instant from = to.minus(30, ChronoUnit.DAYS);
        List<ReadingSeries.Part> parts = ReadingSeries.parts(VitalType.HEART_RATE);

        String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + ReadingSeries.sql(parts), String.class,
                ReadingSeries.bucketSeconds(from, to, 1000), "series-pat-4", "heart-rate", Timestamp.from(from),
                Timestamp.from(to)));

        assertThat(plan).contains("patient_id_type_time_idx").doesNotContain("Seq Scan");
    }

    private String series(String type, Instant from, Instant to, @Nullable String points) {
        return "/api/v1/patients/" + patient + "/vitals/series?type=" + type + "&from=" + from + "&to=" + to
                + (points == null ? "" : "&points=" + points);
    }

    private void insert(String type, Instant time, @Nullable Double value, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String status, @Nullable String dataAbsentReason) {
        jdbc.update("""
                INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, unit,
                                      systolic, diastolic, source, status, data_absent_reason)
                VALUES (?, 'series-device', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'device', ?, ?)
                """, UUID.randomUUID(), "r-" + UUID.randomUUID(), patient, type, Timestamp.from(time),
                Timestamp.from(time), value, VitalType.fromCode(type).orElseThrow().unit(), systolic, diastolic,
                status, dataAbsentReason);
    }

    private void assertProblem(String path, String named) {
        Response response = get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).as(path).contains(named);
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> list = new ArrayList<>();
        array.forEach(node -> list.add(node.asLong()));
        return list;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> list = new ArrayList<>();
        array.forEach(node -> list.add(node.asDouble()));
        return list;
    }
}
