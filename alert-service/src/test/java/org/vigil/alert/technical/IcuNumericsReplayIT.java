package org.vigil.alert.technical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.SharedData;
import tools.jackson.databind.JsonNode;

/**
 * Replays the bedside-monitor numerics of PhysioNet record s00001 (test resource {@code recordings/icu-numerics-s00001.csv}, one
 * row a minute for 1,936 minutes) as heart-rate, respiratory-rate and SpO2 readings of one patient through Kafka and
 * the whole rule engine. The recording's zeros are sensors that were off (its README), so they must raise technical
 * sensor-off alerts, one per stretch of zeros, each resolved by the first non-zero value after it.
 */
class IcuNumericsReplayIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    /**
     * The stretches of zeros in the file (first and last minute), i.e. the sensor-off alerts expected: one alert per
     * stretch, raised at its first minute. A stretch that runs to the last row (minute 1935) leaves its alert open;
     * every other one is resolved by the next non-zero value. Blanks would be "not measured" (none in these columns).
     */
    private static final Map<String, List<int[]>> ZERO_STRETCHES = Map.of(
            // the monitor starts with the ECG off (minute 0) and loses it three times later, and at the very end
            "heart-rate", List.of(new int[] {0, 0}, new int[] {591, 610}, new int[] {612, 612},
                    new int[] {1382, 1388}, new int[] {1390, 1401}, new int[] {1405, 1405}, new int[] {1932, 1935}),
            // the respiration signal comes from the ECG leads, so it is off when they are, and for 598
            "respiratory-rate", List.of(new int[] {591, 597}, new int[] {599, 610}, new int[] {612, 612},
                    new int[] {1382, 1401}, new int[] {1405, 1405}, new int[] {1932, 1935}),
            // the finger probe: off for the first hour (but minute 14) and for about 360 minutes in all
            "spo2", List.of(new int[] {0, 13}, new int[] {15, 51}, new int[] {276, 278}, new int[] {290, 478},
                    new int[] {591, 610}, new int[] {612, 612}, new int[] {1164, 1164}, new int[] {1382, 1401},
                    new int[] {1439, 1444}, new int[] {1539, 1602}, new int[] {1911, 1916}, new int[] {1934, 1935}));
    private static final int LAST_MINUTE = 1935;

    @Test
    void zerosRaiseOneSensorOffAlertPerStretchAndNoClinicalAlertFromTheTechnicalRules() {
        String patient = newPatient();
        List<String> rows = SharedData.lines("icu-numerics-s00001.csv");
        List<String> header = List.of(rows.getFirst().split(","));
        Map<String, Integer> columns = Map.of(
                "heart-rate", header.indexOf("heart_rate_bpm"),
                "respiratory-rate", header.indexOf("respiratory_rate_per_min"),
                "spo2", header.indexOf("spo2_percent"));
        Map<String, String> units = Map.of("heart-rate", "/min", "respiratory-rate", "/min", "spo2", "%");
        assertThat(rows).hasSize(1 + LAST_MINUTE + 1);
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            Instant time = T0.plusSeconds(60 * Long.parseLong(cells[0]));
            for (String type : List.of("heart-rate", "respiratory-rate", "spo2")) {
                String cell = cells[columns.get(type)];
                if (!cell.isEmpty()) {
                    publish(patient, encode(quantity(patient, type, Double.parseDouble(cell), units.get(type), time)));
                }
            }
        }
        int expected = ZERO_STRETCHES.values().stream().mapToInt(List::size).sum();
        assertThat(expected).isEqualTo(25);

        await().atMost(PATIENCE).until(() -> technical(patient).size() == expected
                && technical(patient).stream().filter(a -> a.get("status").asString().equals("open")).count() == 3);

        List<JsonNode> technical = technical(patient);
        for (var entry : ZERO_STRETCHES.entrySet()) {
            String rule = "sensor-off-" + entry.getKey();
            List<JsonNode> alerts = technical.stream().filter(a -> a.get("rule").asString().equals(rule))
                    .sorted(Comparator.comparing(a -> a.get("observedAt").asString())).toList();
            List<Instant> raisedAt = alerts.stream().map(a -> Instant.parse(a.get("observedAt").asString())).toList();
            assertThat(raisedAt).as(rule).containsExactlyElementsOf(
                    entry.getValue().stream().map(s -> T0.plusSeconds(60L * s[0])).toList());
            for (int i = 0; i < alerts.size(); i++) {
                JsonNode alert = alerts.get(i);
                boolean runsToTheEnd = entry.getValue().get(i)[1] == LAST_MINUTE;
                assertThat(alert.get("status").asString()).as(rule + " " + i)
                        .isEqualTo(runsToTheEnd ? "open" : "resolved");
                assertThat(alert.get("category").asString()).isEqualTo("technical");
                assertThat(alert.get("value").asDouble()).isZero();
            }
        }
        // The technical rules raise nothing clinical. (That the threshold and NEWS2 rules ignore these zeros is
        // tested with those rules.)
        assertThat(all(patient)).filteredOn(a -> a.get("category").asString().equals("clinical"))
                .extracting(a -> a.get("rule").asString())
                .doesNotContainAnyElementsOf(Set.of("possible-af", "fall", "device-silent"))
                .noneMatch(rule -> rule.startsWith("sensor-off-"));
    }

    private List<JsonNode> technical(String patient) {
        return all(patient).stream().filter(a -> a.get("category").asString().equals("technical")).toList();
    }

    private List<JsonNode> all(String patient) {
        Response response = get("/api/v1/alerts?patientId=" + patient + "&limit=1000");
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> alerts = new ArrayList<>();
        response.body().forEach(alerts::add);
        return alerts;
    }
}
