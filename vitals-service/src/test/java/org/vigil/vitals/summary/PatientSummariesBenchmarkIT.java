package org.vigil.vitals.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.vigil.testsupport.TestIssuer;
import org.vigil.vitals.IntegrationTest;

/**
 * vitals-service's part of the ward benchmark (docs/ward-benchmark.md): N patients (default 500) in one care team,
 * then M sequential {@code POST /internal/v1/patient-summaries} for their ids (default 500, after 50 to warm up),
 * printing p50/p95/p99/max of the wall time seen by the HTTP client. Skipped unless {@code -Dvigil.bench=true};
 * {@code -Dvigil.bench.patients=N}, {@code -Dvigil.bench.requests=M}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "vigil.bench", matches = "true")
class PatientSummariesBenchmarkIT extends IntegrationTest {

    @Test
    void printsPatientSummariesLatencyPercentiles() {
        int patients = Integer.getInteger("vigil.bench.patients", 500);
        int requests = Integer.getInteger("vigil.bench.requests", 500);
        String team = post("/api/v1/care-teams", Map.of("name", "Benchmark " + UUID.randomUUID())).json().get("id")
                .asString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            String patient = createPatient();
            put("/api/v1/care-teams/" + team + "/patients/" + patient, Map.of(), TestIssuer.admin());
            ids.add(patient);
        }
        String body = JSON.writeValueAsString(Map.of("ids", ids));
        Response first = post("/internal/v1/patient-summaries", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("patients")).hasSize(patients);
        for (int i = 0; i < 50; i++) {
            post("/internal/v1/patient-summaries", body);
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            Response response = post("/internal/v1/patient-summaries", body);
            nanos[i] = System.nanoTime() - start;
            assertThat(response.status()).isEqualTo(200);
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%n[patient-summaries-latency] patients=%d requests=%d p50=%.1fms p95=%.1fms"
                + " p99=%.1fms max=%.1fms%n", patients, requests, ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99),
                nanos[requests - 1] / 1e6);
    }

    private static double ms(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
