package org.vigil.alert.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.ReadingRecorded;
import tools.jackson.databind.JsonNode;

/**
 * Stops the alert-service consumer in the middle of a stream of readings and starts it again: the per-patient state
 * (NEWS2 parameters, threshold windows, open alerts) is in the database, so every alert is raised exactly once.
 */
class ConsumerRestartIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Test
    void restartMidStreamMissesNoAlertAndDuplicatesNone() {
        String patient = newPatient();
        List<ReadingRecorded> stream = new ArrayList<>();
        // NEWS2 0 at first...
        stream.add(quantity(patient, "respiratory-rate", 16, "/min", T0));
        stream.add(oxygen(patient, T0.plusSeconds(5)));
        stream.add(quantity(patient, "spo2", 97, "%", T0.plusSeconds(10)));
        stream.add(bloodPressure(patient, T0.plusSeconds(15)));
        stream.add(consciousness(patient, T0.plusSeconds(20)));
        stream.add(quantity(patient, "body-temperature", 37.0, "Cel", T0.plusSeconds(25)));
        // ...then a pulse climbing every minute: 70 .. 160 (NEWS2 pulse 0, 1, 2, 3; heart-rate-high above 130).
        for (int i = 0; i < 40; i++) {
            stream.add(heartRate(patient, 70 + 2.5 * i, T0.plusSeconds(60L * (i + 1))));
        }
        // and a respiratory rate of 26 (NEWS2 3): 3 + 3 = 6 medium, then temperature 39.5 (2): 8, high.
        stream.add(quantity(patient, "respiratory-rate", 26, "/min", T0.plusSeconds(60L * 41)));
        stream.add(quantity(patient, "body-temperature", 39.5, "Cel", T0.plusSeconds(60L * 42)));

        MessageListenerContainer container = registry.getListenerContainer("alert-service-readings");
        int half = stream.size() / 2;
        for (ReadingRecorded reading : stream.subList(0, half)) {
            publish(patient, encode(reading));
        }
        container.stop();
        await().atMost(PATIENCE).until(() -> !container.isRunning());
        for (ReadingRecorded reading : stream.subList(half, stream.size())) {
            publish(patient, encode(reading));
        }
        // Also redeliver a few from before the stop: as after a crash between the commit and the offsets.
        for (ReadingRecorded reading : stream.subList(half - 5, half)) {
            publish(patient, encode(reading));
        }
        container.start();

        await().atMost(PATIENCE).until(() -> {
            Response r = get("/api/v1/patients/" + patient + "/news2");
            return r.status() == 200 && r.body().get("total").asInt() == 8;
        });
        await().atMost(PATIENCE).until(() -> byRule(patient, "news2").size() == 1
                && byRule(patient, "news2").getFirst().get("severity").asString().equals("high"));

        List<JsonNode> news2 = byRule(patient, "news2");
        assertThat(news2).hasSize(1);
        assertThat(news2.getFirst().get("value").asInt()).isEqualTo(8);
        List<JsonNode> heartRate = byRule(patient, "heart-rate-high");
        assertThat(heartRate).hasSize(1);
        assertThat(heartRate.getFirst().get("value").asDouble()).isEqualTo(167.5);
        List<JsonNode> temperature = byRule(patient, "temperature-high");
        assertThat(temperature).hasSize(1);
        assertThat(get("/internal/v1/patients/" + patient + "/news2/scores?limit=1000").body().get("scores"))
                .hasSize(stream.size());
    }

    private List<JsonNode> byRule(String patient, String rule) {
        return alertsOf(patient, null).stream().filter(a -> a.get("rule").asString().equals(rule)).toList();
    }

    private static ReadingRecorded oxygen(String patient, Instant t) {
        return new ReadingRecorded(java.util.UUID.randomUUID(), "dev-it", "r-" + java.util.UUID.randomUUID(),
                patient, "supplemental-oxygen", t, t, null, null, null, null, null, false, null, null, "device");
    }

    private static ReadingRecorded consciousness(String patient, Instant t) {
        return new ReadingRecorded(java.util.UUID.randomUUID(), "dev-it", "r-" + java.util.UUID.randomUUID(),
                patient, "consciousness", t, t, null, null, null, null, "A", null, null, null, "device");
    }

    private static ReadingRecorded bloodPressure(String patient, Instant t) {
        return new ReadingRecorded(java.util.UUID.randomUUID(), "dev-it", "r-" + java.util.UUID.randomUUID(),
                patient, "blood-pressure", t, t, null, "mm[Hg]", 120.0, 80.0, null, null, null, null, "device");
    }
}
