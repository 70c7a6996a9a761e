package org.vigil.alert.fall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.TechnicalReadings;
import org.vigil.common.events.ReadingRecorded;
import tools.jackson.databind.JsonNode;

class FallIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    @Test
    void aFallRaisesAHighClinicalAlertWithItsLocation() {
        String patient = newPatient();
        ReadingRecorded fall = TechnicalReadings.fall(patient, T0, 51.507351, -0.127758);

        publish(patient, encode(fall));

        JsonNode alert = awaitOpenAlert(patient, FallRule.RULE_ID);
        assertThat(alert.get("category").asString()).isEqualTo("clinical");
        assertThat(alert.get("severity").asString()).isEqualTo("high");
        assertThat(alert.get("type").asString()).isEqualTo("fall");
        assertThat(alert.get("message").asString())
                .isEqualTo("Fall detected at 2026-11-21T09:00:00Z at latitude 51.507351, longitude -0.127758");
        assertThat(alert.get("readingId").asString()).isEqualTo(fall.eventId().toString());
    }

    @Test
    void aSecondFallWhileTheFirstIsActiveUpdatesThatAlertAndARedeliveryChangesNothing() {
        String patient = newPatient();
        byte[] first = encode(TechnicalReadings.fall(patient, T0, null, null));
        publish(patient, first);
        String id = awaitOpenAlert(patient, FallRule.RULE_ID).get("id").asString();
        assertThat(awaitOpenAlert(patient, FallRule.RULE_ID).get("message").asString())
                .isEqualTo("Fall detected at 2026-11-21T09:00:00Z");

        ReadingRecorded second = TechnicalReadings.fall(patient, T0.plusSeconds(600), null, null);
        publish(patient, encode(second));
        publish(patient, first);

        await().atMost(PATIENCE).until(() -> awaitOpenAlert(patient, FallRule.RULE_ID).get("value").asDouble() == 2);
        List<JsonNode> falls = alertsOf(patient, null).stream()
                .filter(a -> a.get("rule").asString().equals(FallRule.RULE_ID)).toList();
        assertThat(falls).hasSize(1);
        assertThat(falls.getFirst().get("id").asString()).isEqualTo(id);
        assertThat(falls.getFirst().get("readingId").asString()).isEqualTo(second.eventId().toString());
        assertThat(falls.getFirst().get("message").asString())
                .isEqualTo("Fall detected at 2026-11-21T09:10:00Z (2 falls in 24 hours)");
    }
}
