package org.vigil.alert.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.ReadingRecorded;

/**
 * Readings that are not {@link ReadingRecorded#alertable()} (a FHIR Observation cancelled, entered in error, or with a
 * data-absent reason) are never scored or alerted on, however far out of range their value.
 */
class NonAlertableReadingsIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void cancelledBreachingHeartRateRaisesNothingAndIsNotScored() {
        String patient = newPatient();
        publish(patient, encode(withStatus(heartRate(patient, 170, T0), "cancelled", null)));
        publish(patient, encode(withStatus(heartRate(patient, 175, T0.plusSeconds(60)), "entered-in-error", null)));
        publish(patient, encode(withStatus(quantity(patient, "spo2", 80, "%", T0.plusSeconds(90)), "final",
                "error")));
        publishMarkerAndWait(patient, T0.plusSeconds(120));

        assertThat(alertsOf(patient, null)).extracting(a -> a.get("rule").asString()).containsExactly("glucose-low");
        assertThat(get("/internal/v1/patients/" + patient + "/news2/scores").body().get("scores")).isEmpty();
    }

    @Test
    void theSameReadingWithStatusFinalStillAlerts() {
        String patient = newPatient();
        publish(patient, encode(withStatus(heartRate(patient, 170, T0), "final", null)));
        awaitOpenAlert(patient, "heart-rate-high");
    }

    private static ReadingRecorded withStatus(ReadingRecorded r, String status, String dataAbsentReason) {
        return new ReadingRecorded(r.eventId(), r.deviceId(), r.readingId(), r.patientId(), r.type(), r.time(),
                r.receivedAt(), dataAbsentReason == null ? r.value() : null, r.unit(), r.systolic(), r.diastolic(),
                r.consciousness(), r.supplementalOxygen(), r.oxygenFlow(), r.correlationId(), ReadingRecorded.SOURCE_FHIR,
                r.values(), r.latitude(), r.longitude(), status, dataAbsentReason, null);
    }

    private void publishMarkerAndWait(String patient, Instant time) {
        publish(patient, encode(quantity(patient, "blood-glucose", 40, "mg/dL", time)));
        await().atMost(PATIENCE).until(() -> alertsOf(patient, null).stream()
                .anyMatch(a -> a.get("rule").asString().equals("glucose-low")));
    }
}
