package org.vigil.alert.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.Headers;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import tools.jackson.databind.JsonNode;

/** Readings in through Kafka, alerts out through the API. */
class AlertFlowIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void outOfRangeHeartRateRaisesExactlyOneOpenAlert() {
        String patient = newPatient();
        ReadingRecorded reading = heartRate(patient, 142, T0);

        publish(patient, encode(reading));

        JsonNode alert = awaitOpenAlert(patient, "heart-rate-high");
        assertThat(alertsOf(patient, "open")).hasSize(1);
        assertThat(alert.get("patientId").asString()).isEqualTo(patient);
        assertThat(alert.get("type").asString()).isEqualTo("heart-rate");
        assertThat(alert.get("category").asString()).isEqualTo("clinical");
        assertThat(alert.get("severity").asString()).isEqualTo("high");
        assertThat(alert.get("message").asString()).isEqualTo("Heart rate 142 /min is above 130 /min");
        assertThat(alert.get("value").asDouble()).isEqualTo(142);
        assertThat(alert.get("unit").asString()).isEqualTo("/min");
        assertThat(Instant.parse(alert.get("observedAt").asString())).isEqualTo(T0);
        assertThat(alert.get("raisedAt").asString()).isNotBlank();
        assertThat(alert.get("status").asString()).isEqualTo("open");
        assertThat(alert.get("readingId").asString()).isEqualTo(reading.eventId().toString());
        assertThat(alert.get("deviceId").asString()).isEqualTo(reading.deviceId());

        Response one = get("/api/v1/alerts/" + alert.get("id").asString());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("rule").asString()).isEqualTo("heart-rate-high");
    }

    @Test
    void worseBreachUpdatesTheSameAlertAndMilderOnesDoNot() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 142, T0)));
        String id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();

        ReadingRecorded worse = heartRate(patient, 155, T0.plusSeconds(60));
        publish(patient, encode(worse));
        publish(patient, encode(heartRate(patient, 150, T0.plusSeconds(120))));
        publishMarkerAndWait(patient);

        List<JsonNode> heartRateAlerts = alertsOf(patient, null).stream()
                .filter(a -> a.get("rule").asString().equals("heart-rate-high")).toList();
        assertThat(heartRateAlerts).hasSize(1);
        JsonNode alert = heartRateAlerts.getFirst();
        assertThat(alert.get("id").asString()).isEqualTo(id);
        assertThat(alert.get("value").asDouble()).isEqualTo(155);
        assertThat(Instant.parse(alert.get("observedAt").asString())).isEqualTo(worse.time());
        assertThat(alert.get("readingId").asString()).isEqualTo(worse.eventId().toString());
        assertThat(alert.get("message").asString()).isEqualTo("Heart rate 155 /min is above 130 /min");
    }

    @Test
    void lowRuleKeepsTheLowestValue() {
        String patient = newPatient();
        publish(patient, encode(quantity(patient, "spo2", 88, "%", T0)));
        publish(patient, encode(quantity(patient, "spo2", 84, "%", T0.plusSeconds(60))));
        publish(patient, encode(quantity(patient, "spo2", 86, "%", T0.plusSeconds(120))));
        publishMarkerAndWait(patient);

        List<JsonNode> alerts = alertsOf(patient, "open").stream()
                .filter(a -> a.get("rule").asString().equals("spo2-low")).toList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.getFirst().get("value").asDouble()).isEqualTo(84);
    }

    @Test
    void sameRecordDeliveredTwiceLeavesOneAlert() {
        String patient = newPatient();
        byte[] record = encode(heartRate(patient, 142, T0));

        publish(patient, record);
        publish(patient, record);
        publishMarkerAndWait(patient);

        List<JsonNode> alerts = alertsOf(patient, null).stream()
                .filter(a -> a.get("rule").asString().equals("heart-rate-high")).toList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.getFirst().get("updatedAt")).isEqualTo(alerts.getFirst().get("raisedAt"));
    }

    @Test
    void inRangeGoldenReadingRaisesNone() {
        ReadingRecorded golden = ContractFixtures.reading("heart-rate");

        publish(golden.patientId(), ContractFixtures.bytes("vigil.reading-recorded.v1/heart-rate.json"));
        publish(golden.patientId(), ContractFixtures.bytes("vigil.reading-recorded.v1/blood-pressure.json"));
        publishMarkerAndWait(golden.patientId());

        assertThat(alertsOf(golden.patientId(), null)).extracting(a -> a.get("rule").asString())
                .containsOnly("glucose-low");
    }

    @Test
    void poisonRecordIsDeadLetteredAndTheNextRecordIsStillEvaluated() {
        String patient = newPatient();
        byte[] poison = ContractFixtures.bytes("poison/not-json.bin");
        byte[] missingPatient = ContractFixtures.bytes("poison/missing-patient.json");

        publish(patient, poison);
        publish(patient, missingPatient);
        publish(patient, encode(heartRate(patient, 142, T0)));

        awaitOpenAlert(patient, "heart-rate-high");
        List<ConsumerRecord<byte[], byte[]>> letters = deadLettersKeyed(patient, 2);
        assertThat(letters).extracting(ConsumerRecord::value).containsExactly(poison, missingPatient);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertThat(header(letter, Headers.DLT_REASON)).isNotBlank();
            assertThat(header(letter, Headers.DLT_CONSUMER)).isEqualTo("alert-service");
            assertThat(header(letter, Headers.DLT_ORIGIN)).startsWith(Topics.READING_RECORDED.name() + "/");
        }
    }

    @Test
    void acknowledgedAlertLeavesTheOpenListAndStaysTheActiveOne() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 142, T0)));
        String id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();

        Response acknowledged = post("/api/v1/alerts/" + id + "/acknowledge",
                "{\"by\": \"nurse-7\", \"comment\": \"called the patient\"}", actingAs("nurse-7"));

        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.body().get("status").asString()).isEqualTo("acknowledged");
        assertThat(acknowledged.body().get("acknowledgedBy").asString()).isEqualTo("nurse-7");
        assertThat(acknowledged.body().get("acknowledgedAt").asString()).isNotBlank();
        assertThat(alertsOf(patient, "open")).isEmpty();
        assertThat(alertsOf(patient, "acknowledged")).extracting(a -> a.get("id").asString()).containsExactly(id);

        Response again = post("/api/v1/alerts/" + id + "/acknowledge", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("acknowledgedBy").asString()).isEqualTo("nurse-7");

        // A further breach updates the acknowledged alert rather than raising a second one.
        publish(patient, encode(heartRate(patient, 160, T0.plusSeconds(60))));
        publishMarkerAndWait(patient);
        List<JsonNode> heartRateAlerts = alertsOf(patient, null).stream()
                .filter(a -> a.get("rule").asString().equals("heart-rate-high")).toList();
        assertThat(heartRateAlerts).hasSize(1);
        assertThat(heartRateAlerts.getFirst().get("status").asString()).isEqualTo("acknowledged");
        assertThat(heartRateAlerts.getFirst().get("value").asDouble()).isEqualTo(160);
    }

    @Test
    void clientErrorsAreProblemDetails() {
        Response badStatus = get("/api/v1/alerts?patientId=x&status=closed");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.contentType()).startsWith("application/problem+json");
        assertThat(badStatus.body().get("detail").asString()).contains("open, acknowledged, resolved");

        Response badLimit = get("/api/v1/alerts?limit=5000");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.contentType()).startsWith("application/problem+json");

        Response unknown = post("/api/v1/alerts/" + UUID.randomUUID() + "/acknowledge", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        Response notAnId = get("/api/v1/alerts/not-a-uuid");
        assertThat(notAnId.status()).isEqualTo(404);
        assertThat(notAnId.contentType()).startsWith("application/problem+json");

        Response badJson = post("/api/v1/alerts/" + UUID.randomUUID() + "/acknowledge", "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.contentType()).startsWith("application/problem+json");
    }

    @Test
    void listingWithoutPatientIsCapped() {
        Response all = get("/api/v1/alerts?limit=1");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().size()).isLessThanOrEqualTo(1);
    }

    /**
     * A low glucose on the same key (so the same partition, after the records before it): once its alert shows,
     * everything published before it was evaluated.
     */
    private void publishMarkerAndWait(String patient) {
        publish(patient, encode(quantity(patient, "blood-glucose", 40, "mg/dL", T0.plusSeconds(3600))));
        await().atMost(PATIENCE).until(() -> alertsOf(patient, null).stream()
                .anyMatch(a -> a.get("rule").asString().equals("glucose-low")));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }
}
