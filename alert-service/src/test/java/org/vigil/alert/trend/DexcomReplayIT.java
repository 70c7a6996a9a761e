package org.vigil.alert.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.SharedData;
import tools.jackson.databind.JsonNode;

/**
 * Replays a real Dexcom G6 export (Clarity CSV, test resource {@code recordings/dexcom-g6-export.csv}: EGV rows only) through the
 * service and checks the glucose alerts it raises against expectations computed here from the data, independently of
 * the service's code: each rule's episodes (raise on the first breaching reading, resolve after the hysteresis) with
 * the default settings of V10.
 */
class DexcomReplayIT extends IntegrationTest {

    record Egv(Instant time, double value) {
    }

    @Test
    void replayRaisesExactlyTheGlucoseEpisodesInTheData() throws IOException {
        List<Egv> egvs = readEgvs(SharedData.file("dexcom-g6-export.csv"));
        assertThat(egvs).hasSize(2148);
        String patient = newPatient();

        for (Egv egv : egvs) {
            publish(patient, encode(quantity(patient, "blood-glucose", egv.value(), "mg/dL", egv.time())));
        }
        publish(patient, encode(heartRate(patient, 142, egvs.getLast().time().plusSeconds(60))));
        awaitOpenAlert(patient, "heart-rate-high");

        Map<String, Integer> raised = new HashMap<>();
        JsonNode all = get("/api/v1/alerts?patientId=" + patient + "&limit=1000").body();
        for (JsonNode alert : all) {
            raised.merge(alert.get("rule").asString(), 1, Integer::sum);
        }

        // glucose-low: below 70; resolves after 2 readings above 70 + 10.
        int lows = episodes(egvs.stream().map(e -> e.value() < 70).toList(),
                egvs.stream().map(e -> e.value() > 80).toList(), 2);
        // glucose-high: above 250; resolves after 2 readings below 250 - 20.
        int highs = episodes(egvs.stream().map(e -> e.value() > 250).toList(),
                egvs.stream().map(e -> e.value() < 230).toList(), 2);
        // The export has several nights below 70 (down to 49) and peaks up to 261.
        assertThat(lows).isGreaterThanOrEqualTo(5);
        assertThat(highs).isGreaterThanOrEqualTo(1);

        List<Boolean> fallingFast = new ArrayList<>();
        List<Boolean> fallingOver = new ArrayList<>();
        List<Boolean> lowSoon = new ArrayList<>();
        List<Boolean> lowSoonOver = new ArrayList<>();
        for (int i = 0; i < egvs.size(); i++) {
            OptionalDouble rate = rate(egvs, i);
            fallingFast.add(rate.isPresent() ? rate.getAsDouble() < -2 : null);
            fallingOver.add(rate.isPresent() && rate.getAsDouble() > -2);
            OptionalDouble forecast = lowestAr2(egvs, i);
            double now = egvs.get(i).value();
            lowSoon.add(forecast.isPresent() ? now >= 70 && forecast.getAsDouble() < 70 : null);
            lowSoonOver.add(forecast.isPresent() && (now < 70 || forecast.getAsDouble() > 70));
        }
        int fastFalls = episodes(fallingFast, fallingOver, 1);
        int predictedLows = episodes(lowSoon, lowSoonOver, 1);
        assertThat(fastFalls).isPositive();
        assertThat(predictedLows).isPositive();

        assertThat(raised).containsEntry("glucose-low", lows).containsEntry("glucose-high", highs)
                .containsEntry("glucose-falling-fast", fastFalls).containsEntry("glucose-predicted-low", predictedLows);
        // And nothing else: no NEWS2 (no NEWS2 parameter but the marker), no weight gain.
        assertThat(raised.keySet()).containsExactlyInAnyOrder("glucose-low", "glucose-high",
                "glucose-falling-fast", "glucose-predicted-low", "heart-rate-high");
        assertThat(all).allSatisfy(a -> assertThat(a.get("category").asString()).isEqualTo("clinical"));
    }

    /**
     * Raises counted the way a clinician would see them: a breach raises unless an alert is already active; an active
     * alert resolves after {@code clearReadings} non-breaching readings in a row that are "over"; a null is a reading
     * the rule cannot judge (not enough history), which changes nothing.
     */
    static int episodes(List<Boolean> breaching, List<Boolean> over, int clearReadings) {
        int raises = 0;
        boolean active = false;
        int clears = 0;
        for (int i = 0; i < breaching.size(); i++) {
            Boolean breach = breaching.get(i);
            if (breach == null) {
                continue;
            }
            if (breach) {
                if (!active) {
                    raises++;
                    active = true;
                }
                clears = 0;
            } else if (active) {
                clears = over.get(i) ? clears + 1 : 0;
                if (clears >= clearReadings) {
                    active = false;
                    clears = 0;
                }
            }
        }
        return raises;
    }

    /** (last - first) / minutes over the readings of the last 15 minutes, if they span at least 10. */
    static OptionalDouble rate(List<Egv> egvs, int i) {
        Egv last = egvs.get(i);
        Egv first = last;
        for (int j = i; j >= 0 && !egvs.get(j).time().isBefore(last.time().minus(Duration.ofMinutes(15))); j--) {
            first = egvs.get(j);
        }
        double minutes = Duration.between(first.time(), last.time()).toMillis() / 60_000.0;
        return minutes < 10 ? OptionalDouble.empty() : OptionalDouble.of((last.value() - first.value()) / minutes);
    }

    /** Nightscout AR2 from the reading 2.5-7.5 minutes before and the current one, lowest of 6 five-minute steps. */
    static OptionalDouble lowestAr2(List<Egv> egvs, int i) {
        Egv now = egvs.get(i);
        for (int j = i - 1; j >= 0; j--) {
            long seconds = Duration.between(egvs.get(j).time(), now.time()).toSeconds();
            if (seconds > 450) {
                return OptionalDouble.empty();
            }
            if (seconds >= 150) {
                double y0 = Math.log(egvs.get(j).value() / 140);
                double y1 = Math.log(now.value() / 140);
                double lowest = Double.MAX_VALUE;
                for (int step = 0; step < 6; step++) {
                    double y2 = -0.723 * y0 + 1.716 * y1;
                    y0 = y1;
                    y1 = y2;
                    lowest = Math.min(lowest, 140 * Math.exp(y2));
                }
                return OptionalDouble.of(lowest);
            }
        }
        return OptionalDouble.empty();
    }

    /** Clarity CSV: a header, then device/alert-setting rows; glucose readings are the rows with Event Type EGV. */
    static List<Egv> readEgvs(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = List.of(lines.getFirst().replace("\uFEFF", "").split(",", -1));
        int type = header.indexOf("Event Type");
        int time = header.indexOf("Timestamp (YYYY-MM-DDThh:mm:ss)");
        int glucose = header.indexOf("Glucose Value (mg/dL)");
        List<Egv> egvs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length > glucose && cells[type].equals("EGV") && !cells[glucose].isBlank()) {
                egvs.add(new Egv(LocalDateTime.parse(cells[time]).toInstant(ZoneOffset.UTC),
                        Double.parseDouble(cells[glucose])));
            }
        }
        return egvs;
    }
}
