package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.vitals.VitalType;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** The internal readings search fhir-service pages through; rows are written straight into the table. */
class InternalReadingSearchIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String patient = "pat-" + UUID.randomUUID();
    private final String device = "dev-" + UUID.randomUUID();

    @BeforeEach
    void readings() {
        // Heart rate every 10 minutes over the last hour (7), two at the very same time; SpO2 twice; one temperature.
        for (int minutes = 0; minutes <= 60; minutes += 10) {
            insert("heart-rate", now.minus(minutes, ChronoUnit.MINUTES), "hr-" + minutes, now);
        }
        insert("heart-rate", now.minus(30, ChronoUnit.MINUTES), "hr-30-twin", now);
        insert("spo2", now.minus(5, ChronoUnit.MINUTES), "o2-5", now);
        insert("spo2", now.minus(15, ChronoUnit.MINUTES), "o2-15", now.minus(2, ChronoUnit.HOURS));
        insert("body-temperature", now.minus(1, ChronoUnit.DAYS), "t-1d", now);
    }

    @Test
    void keysetPagesWalkEveryReadingOnceEvenWhenReadingsArriveDuringTheWalk() {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        while (true) {
            JsonNode page = get("/internal/v1/readings?patientId=" + patient + "&type=heart-rate&limit=3" + cursor)
                    .json().get("readings");
            page.forEach(r -> seen.add(r.get("readingId").asString()));
            if (pages++ == 0) {
                // Newer and older than the first page: only the newer one lies ahead of the cursor.
                insert("heart-rate", now.plusSeconds(1), "hr-late", now);
                insert("heart-rate", now.minus(2, ChronoUnit.HOURS), "hr-behind", now);
            }
            if (page.size() < 3) {
                break;
            }
            JsonNode last = page.get(page.size() - 1);
            cursor = "&cursorTime=" + last.get("time").asString() + "&cursorId=" + last.get("id").asString();
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(9).contains("hr-30", "hr-30-twin", "hr-late")
                .doesNotContain("hr-behind");
    }

    @Test
    void descendingKeysetPagesGoBackInTime() {
        JsonNode first = get("/internal/v1/readings?patientId=" + patient + "&type=heart-rate&order=desc&limit=4")
                .json().get("readings");
        JsonNode last = first.get(3);
        JsonNode second = get("/internal/v1/readings?patientId=" + patient + "&type=heart-rate&order=desc&limit=10"
                + "&cursorTime=" + last.get("time").asString() + "&cursorId=" + last.get("id").asString())
                .json().get("readings");

        assertThat(first.get(0).get("readingId").asString()).isEqualTo("hr-0");
        assertThat(second).hasSize(4);
        assertThat(second.get(3).get("readingId").asString()).isEqualTo("hr-60");
    }

    @Test
    void inclusiveAndExclusiveBoundsAndATypeListRestrictTheSearch() {
        String base = "/internal/v1/readings?patientId=" + patient;
        Instant tenAgo = now.minus(10, ChronoUnit.MINUTES);
        Instant thirtyAgo = now.minus(30, ChronoUnit.MINUTES);

        assertThat(readingIds(base + "&type=heart-rate&from=" + thirtyAgo + "&to=" + tenAgo))
                .containsExactlyInAnyOrder("hr-10", "hr-20", "hr-30", "hr-30-twin");
        assertThat(readingIds(base + "&type=heart-rate&after=" + thirtyAgo + "&before=" + tenAgo))
                .containsExactly("hr-20");
        assertThat(readingIds(base + "&type=heart-rate,spo2&from=" + now.minus(16, ChronoUnit.MINUTES)))
                .containsExactly("o2-15", "hr-10", "o2-5", "hr-0");
        assertThat(readingIds(base + "&type=spo2&receivedSince=" + now.minus(1, ChronoUnit.HOURS)))
                .containsExactly("o2-5");
        assertThat(readingIds(base)).hasSize(11);
    }

    @Test
    void countAnswersTheTotalIgnoringLimitAndCursor() {
        JsonNode counted = get("/internal/v1/readings?patientId=" + patient + "&type=heart-rate&count=true&limit=2"
                + "&cursorTime=" + now + "&cursorId=" + UUID.randomUUID()).json();

        assertThat(counted.get("total").asLong()).isEqualTo(8);
        assertThat(counted.has("readings")).isFalse();
    }

    @Test
    void aDevicesReadingIsFoundByItsReadingId() {
        JsonNode found = get("/internal/v1/readings?deviceId=" + device + "&readingId=o2-15").json().get("readings");

        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("type").asString()).isEqualTo("spo2");
        assertThat(get("/internal/v1/readings?patientId=" + patient + "&readingId=o2-15").status()).isEqualTo(400);
    }

    @Test
    void lastNAnswersTheNewestReadingsOfEachTypeGroupedByType() {
        JsonNode two = get("/internal/v1/readings/lastn?patientId=" + patient + "&type=spo2,heart-rate"
                + "&max=2").json().get("readings");
        assertThat(ids(two)).containsExactly("o2-5", "o2-15", "hr-0", "hr-10");

        JsonNode every = get("/internal/v1/readings/lastn?patientId=" + patient).json().get("readings");
        assertThat(ids(every)).containsExactlyInAnyOrder("hr-0", "o2-5", "t-1d");

        assertThat(get("/internal/v1/readings/lastn?patientId=" + patient + "&max=101").status()).isEqualTo(400);
        assertThat(get("/internal/v1/readings/lastn?type=heart-rate").status()).isEqualTo(400);
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        String base = "/internal/v1/readings?patientId=" + patient;
        assertProblem(base + "&type=heart-rate,mood", "type");
        assertProblem(base + "&after=yesterday", "after");
        assertProblem(base + "&before=2026-13-01", "before");
        assertProblem(base + "&receivedSince=soon", "receivedSince");
        assertProblem(base + "&cursorTime=" + now, "cursorTime and cursorId");
        assertProblem(base + "&cursorTime=" + now + "&cursorId=42", "cursorId");
        assertProblem(base + "&count=maybe", "count");
        assertProblem(base + "&order=sideways", "order");
        assertProblem("/internal/v1/readings?type=heart-rate", "patientId or deviceId");
    }

    /**
     * The benchmark query (patient, one type, one day, 100 rows) and a type list read the patient-type-time index of
     * the one partition the day lies in (an index or bitmap scan, as the planner prefers), never a sequential scan.
     */
    @Test
    void thePatientTypeDaySearchUsesThePatientTypeTimeIndexOnOnePartition() {
        jdbc.update("""
                INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, unit,
                                      source)
                SELECT gen_random_uuid(), 'plan-dev-' || (g % 500), 'plan-' || g, 'plan-pat-' || (g % 500),
                       (ARRAY['heart-rate','spo2','respiratory-rate','body-temperature'])[1 + g % 4],
                       now() - (g % 2000) * interval '10 minutes', now(), 70, '/min', 'device'
                  FROM generate_series(1, 60000) AS g
                """);
        jdbc.execute("ANALYZE readings");
        Instant dayEnd = now.minus(1, ChronoUnit.HOURS);
        Instant dayStart = dayEnd.minus(1, ChronoUnit.DAYS);
        if (!dayStart.atZone(java.time.ZoneOffset.UTC).getMonth().equals(dayEnd.atZone(java.time.ZoneOffset.UTC)
                .getMonth())) {
            dayEnd = dayStart.plus(1, ChronoUnit.HOURS);
        }

        String one = plan(new ReadingQueries.Search("plan-pat-7", List.of(VitalType.HEART_RATE), null, dayStart,
                null, dayEnd, null, null, null, null, 100, true));
        assertThat(one).contains("patient_id_type_time_idx").doesNotContain("Seq Scan")
                .doesNotContain("readings_default");
        assertThat(partitionsScanned(one)).hasSize(1);

        String list = plan(new ReadingQueries.Search("plan-pat-7", List.of(VitalType.HEART_RATE,
                VitalType.SPO2), null, dayStart, null, dayEnd, null, null, null, null, 100, false));
        assertThat(list).contains("patient_id_type_time_idx").doesNotContain("Seq Scan")
                .doesNotContain("readings_default");

        String byDevice = plan(new ReadingQueries.Search(null, List.of(), "plan-dev-7", dayStart, null, dayEnd, null,
                null, null, null, 100, true));
        assertThat(byDevice).contains("device_id_time_idx").doesNotContain("Seq Scan");
    }

    private String plan(ReadingQueries.Search search) {
        List<Object> args = new ArrayList<>();
        String sql = ReadingQueries.searchSql(search, args);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof java.time.OffsetDateTime time) {
                args.set(i, Timestamp.from(time.toInstant()));
            }
        }
        return String.join("\n", jdbc.queryForList("EXPLAIN " + sql, String.class, args.toArray()));
    }

    /** The partitions a plan reads ("... on readings_2026_11 readings", the table and its alias). */
    private static java.util.Set<String> partitionsScanned(String plan) {
        java.util.Set<String> partitions = new java.util.TreeSet<>();
        java.util.regex.Matcher scan = java.util.regex.Pattern.compile(" on (readings_\\w+) readings\\b").matcher(plan);
        while (scan.find()) {
            partitions.add(scan.group(1));
        }
        return partitions;
    }

    private void assertProblem(String path, String named) {
        Response response = get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).as(path).contains(named);
    }

    private List<String> readingIds(String path) {
        Response response = get(path);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return ids(response.json().get("readings"));
    }

    private static List<String> ids(JsonNode readings) {
        List<String> ids = new ArrayList<>();
        readings.forEach(r -> ids.add(r.get("readingId").asString()));
        return ids;
    }

    private void insert(String type, Instant time, String readingId, Instant receivedAt) {
        jdbc.update("""
                INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, unit,
                                      source)
                VALUES (?, ?, ?, ?, ?, ?, ?, 70, 'u', 'device')
                """, UUID.randomUUID(), device, readingId, patient, type, Timestamp.from(time),
                Timestamp.from(receivedAt));
    }
}
