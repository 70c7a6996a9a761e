package org.vigil.alert.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.SharedData;
import org.vigil.alert.TechnicalReadings;
import tools.jackson.databind.JsonNode;

/** RR intervals in through Kafka as a wearable sends them, possible-af alerts out through the API. */
class PossibleAfIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    @Test
    void mitBihRecord100ReplayedInMinuteWindowsRaisesNoAfAlert() {
        String patient = newPatient();
        List<double[]> intervals = SharedData.mitBih100NormalIntervals();
        int windows = 0;
        for (int minute = 0; minute * 60 < 1806; minute++) {
            int from = minute * 60;
            List<Double> window = intervals.stream().filter(i -> i[1] >= from && i[1] < from + 60)
                    .map(i -> i[0]).toList();
            if (!window.isEmpty()) {
                publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0.plusSeconds(from), window)));
                windows++;
            }
        }
        assertThat(windows).isEqualTo(31);

        publishMarkerAndWait(patient, T0.plusSeconds(3600));

        assertThat(rulesOf(patient)).doesNotContain(PossibleAfRule.RULE_ID);
    }

    @Test
    void irregularlyIrregularIntervalsRaiseOneMediumAlertAndRegularSegmentsResolveIt() {
        String patient = newPatient();
        List<Double> af = RrSeries.atrialFibrillation(256, 7);
        publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0, af.subList(0, 64))));
        publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0.plusSeconds(60), af.subList(64, 128))));

        JsonNode alert = awaitOpenAlert(patient, PossibleAfRule.RULE_ID);
        assertThat(alert.get("category").asString()).isEqualTo("clinical");
        assertThat(alert.get("severity").asString()).isEqualTo("medium");
        assertThat(alert.get("type").asString()).isEqualTo("rr-intervals");
        assertThat(alert.get("message").asString()).startsWith("Possible atrial fibrillation").contains("Dash");

        publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0.plusSeconds(120), af.subList(128, 256))));
        // Three regular 128-beat segments (the default clear-after-segments) in six windows.
        List<Double> sinus = RrSeries.sinusWithPrematureBeats(384, 0, 3);
        for (int w = 0; w < 6; w++) {
            publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0.plusSeconds(180 + 60L * w),
                    sinus.subList(w * 64, w * 64 + 64))));
        }

        await().atMost(PATIENCE).until(() -> alertsOf(patient, "open").stream()
                .noneMatch(a -> a.get("rule").asString().equals(PossibleAfRule.RULE_ID)));
        List<JsonNode> afAlerts = alertsOf(patient, null).stream()
                .filter(a -> a.get("rule").asString().equals(PossibleAfRule.RULE_ID)).toList();
        assertThat(afAlerts).hasSize(1);
        assertThat(afAlerts.getFirst().get("status").asString()).isEqualTo("resolved");
    }

    @Test
    void sinusRhythmWithIsolatedPrematureBeatsRaisesNoAfAlert() {
        String patient = newPatient();
        List<Double> sinus = RrSeries.sinusWithPrematureBeats(640, 25, 11);
        for (int w = 0; w < 10; w++) {
            publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0.plusSeconds(60L * w),
                    sinus.subList(w * 64, w * 64 + 64))));
        }

        publishMarkerAndWait(patient, T0.plusSeconds(3600));

        assertThat(rulesOf(patient)).doesNotContain(PossibleAfRule.RULE_ID);
    }

    @Test
    void windowsAcrossAGapAreNotJoinedIntoOneSegment() {
        String patient = newPatient();
        List<Double> af = RrSeries.atrialFibrillation(128, 5);
        publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0, af.subList(0, 64))));
        // An hour later: the first half belongs to another series, so no segment is complete.
        publish(patient, encode(TechnicalReadings.rrIntervals(patient, T0.plus(Duration.ofHours(1)),
                af.subList(64, 128))));

        publishMarkerAndWait(patient, T0.plus(Duration.ofHours(2)));

        assertThat(rulesOf(patient)).doesNotContain(PossibleAfRule.RULE_ID);
    }

    private List<String> rulesOf(String patient) {
        List<String> rules = new ArrayList<>();
        alertsOf(patient, null).forEach(a -> rules.add(a.get("rule").asString()));
        return rules;
    }

    /** A reading that raises glucose-low, after the others in the patient's partition: once it shows, they are done. */
    private void publishMarkerAndWait(String patient, Instant time) {
        publish(patient, encode(quantity(patient, "blood-glucose", 40, "mg/dL", time)));
        await().atMost(PATIENCE).until(() -> alertsOf(patient, null).stream()
                .anyMatch(a -> a.get("rule").asString().equals("glucose-low")));
    }
}
