package org.vigil.alert.ward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.alert.FakeVitals;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.AuditRecorded;
import org.vigil.service.security.AuditTrail;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ward benchmark of docs/ward-benchmark.md: a clinician whose care team holds N patients (default 500), each with
 * the seven NEWS2 parameters recorded through the real consumer (latest values, complete NEWS2 scores, and alerts for
 * every tenth patient, whose heart rate is 150), then M sequential {@code GET /api/v1/ward} (default 500, after 50 to
 * warm up), printing p50/p95/p99/max of the wall time seen by the HTTP client.
 *
 * <p>What is measured is alert-service's part: the patients' summaries come from the tests' {@link FakeVitals}, an
 * in-process HTTP stand-in answering from memory, so vitals-service's own time for {@code POST
 * /internal/v1/patient-summaries} is not in these numbers (vitals-service's PatientSummariesBenchmarkIT measures it).
 * Skipped unless {@code -Dvigil.bench=true}; {@code -Dvigil.bench.patients=N}, {@code -Dvigil.bench.requests=M}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "vigil.bench", matches = "true")
class WardBenchmarkIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    VitalsPatients vitals;

    @Autowired
    WardRows rows;

    @Autowired
    JsonMapper mapper;

    @Autowired
    LatestValues latest;

    @Autowired
    WardQueries queries;

    @Autowired
    AuditTrail audit;

    @Test
    void printsWardLatencyPercentiles() throws Exception {
        int patients = Integer.getInteger("vigil.bench.patients", 500);
        int requests = Integer.getInteger("vigil.bench.requests", 500);
        String clinician = "bench-" + UUID.randomUUID();
        String team = UUID.randomUUID().toString();
        Instant t = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            String patient = newPatient();
            ids.add(patient);
            FakeVitals.patient(patient, "Family" + i, "Given" + i, "1950-01-01", "urn:mrn|" + i,
                    team + ":Benchmark ward");
            FakeVitals.relate(clinician, "care-team", patient);
            boolean alerting = i % 10 == 0;
            publish(patient, encode(quantity(patient, "respiratory-rate", 18, "/min", t)));
            publish(patient, encode(quantity(patient, "spo2", 96, "%", t)));
            publish(patient, encode(reading(patient, "supplemental-oxygen", t, r -> r.oxygen(false))));
            publish(patient, encode(reading(patient, "blood-pressure", t, r -> r.pressure(alerting ? 85 : 120, 80))));
            publish(patient, encode(reading(patient, "consciousness", t, r -> r.acvpu("A"))));
            publish(patient, encode(quantity(patient, "body-temperature", 37.0, "Cel", t)));
            publish(patient, encode(heartRate(patient, alerting ? 150 : 80, t.plusSeconds(1))));
        }
        String[] all = ids.toArray(String[]::new);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                jdbc.sql("select count(*) from latest_value where patient_id = any(:ids)").param("ids", all)
                        .query(Long.class).single() == patients * 7L
                && jdbc.sql("select count(distinct patient_id) from news2_score where complete and patient_id = any(:ids)")
                        .param("ids", all).query(Long.class).single() == patients);

        String token = TestIssuer.clinician(clinician);
        Response first = get("/api/v1/ward", token);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("patients")).hasSize(patients);
        for (int i = 0; i < 50; i++) {
            get("/api/v1/ward", token);
        }
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/ward")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        long[] nanos = new long[requests];
        long[] summaries = new long[requests];
        long[] state = new long[requests];
        long[] json = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            assertThat(response.statusCode()).isEqualTo(200);
        }
        HttpRequest one = HttpRequest.newBuilder(uri("/api/v1/ward?patientId=" + ids.getFirst()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
        long[] single = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(one, HttpResponse.BodyHandlers.ofByteArray());
            single[i] = System.nanoTime() - start;
            assertThat(response.statusCode()).isEqualTo(200);
        }
        // The parts, called in-process one after the other (no HTTP, security or audit around them).
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            List<VitalsPatients.Summary> found = vitals.of(ids);
            long fetched = System.nanoTime();
            List<Ward.Row> built = WardRows.byAcuity(rows.rows(found, Instant.now()));
            long sorted = System.nanoTime();
            mapper.writeValueAsBytes(new Ward(Instant.now(), built));
            long written = System.nanoTime();
            summaries[i] = fetched - start;
            state[i] = sorted - fetched;
            json[i] = written - sorted;
        }
        System.out.printf(Locale.ROOT, "%n[ward-latency] patients=%d requests=%d response=%d bytes%n", patients,
                requests, client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length);
        print("GET /api/v1/ward (HTTP, whole request)", nanos);
        print("GET /api/v1/ward?patientId= (HTTP, one row: the fixed cost)", single);
        print("  part: patient-summaries call to the stand-in", summaries);
        print("  part: alert-service state (5 queries) and sort", state);
        print("  part: JSON of the answer", json);

        // Each query alone, and the audit record a ward request writes (sent to Kafka before the answer).
        long[][] each = new long[6][requests];
        List<String> audited = List.copyOf(ids);
        for (int i = 0; i < requests; i++) {
            each[0][i] = time(() -> latest.of(ids));
            each[1][i] = time(() -> queries.news2(ids));
            each[2][i] = time(() -> queries.activeAlerts(ids));
            each[3][i] = time(() -> queries.devices(ids));
            each[4][i] = time(() -> queries.thresholdRules(ids));
            each[5][i] = time(() -> {
                audit.record(new AuditRecorded(UUID.randomUUID(), Instant.now(), "alert-service", "search",
                        "Observation", AuditRecorded.SUCCESS, clinician, "user", null, List.of("clinician"), audited,
                        "GET /api/v1/ward", "127.0.0.1", null, null, false));
                return null;
            });
        }
        String[] names = {"latest_value", "news2_score", "alert counts", "device_watch", "threshold rules",
                "audit record (500 patient ids)"};
        for (int q = 0; q < names.length; q++) {
            print("    alone: " + names[q], each[q]);
        }
    }

    private static long time(java.util.function.Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return System.nanoTime() - start;
    }

    private static void print(String what, long[] nanos) {
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "[ward-latency] %s: p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms%n", what,
                ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
    }

    /** The nearest-rank percentile. */
    private static double ms(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private interface Shape {
        ReadingRecorded apply(Builder builder);
    }

    private record Builder(String patient, String type, Instant time) {

        private ReadingRecorded make(Double systolic, Double diastolic, String acvpu, Boolean oxygen, String unit) {
            ReadingRecorded golden = ContractFixtures.reading("heart-rate");
            return new ReadingRecorded(UUID.randomUUID(), golden.deviceId(), "r-" + UUID.randomUUID(), patient, type,
                    time, time.plusSeconds(1), null, unit, systolic, diastolic, acvpu, oxygen, null,
                    golden.correlationId(), golden.source());
        }

        ReadingRecorded pressure(double systolic, double diastolic) {
            return make(systolic, diastolic, null, null, "mm[Hg]");
        }

        ReadingRecorded acvpu(String level) {
            return make(null, null, level, null, null);
        }

        ReadingRecorded oxygen(boolean supplemental) {
            return make(null, null, null, supplemental, null);
        }
    }

    private static ReadingRecorded reading(String patient, String type, Instant time, Shape shape) {
        return shape.apply(new Builder(patient, type, time));
    }
}
