package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class VitalsApiIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String device = "dev-" + UUID.randomUUID().toString().substring(0, 8);
    private String patient = "";
    private int readings;

    @BeforeEach
    void patientWithReadings() {
        patient = createPatient();
        // Published newest first: the latest view must go by reading time, not by arrival.
        publish(heartRate(80.0, now.minus(10, ChronoUnit.MINUTES)));
        publish(heartRate(70.0, now.minus(30, ChronoUnit.MINUTES)));
        publish(heartRate(60.0, now.minus(2, ChronoUnit.DAYS)));
        publish(reading("blood-pressure", now.minus(20, ChronoUnit.MINUTES), null, 130.0, 85.0, null));
        publish(reading("consciousness", now.minus(5, ChronoUnit.MINUTES), null, null, null, "A"));
        readings = 5;
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM readings WHERE patient_id = ?", Integer.class, patient) == readings);
    }

    @Test
    void latestVitalsHoldTheNewestReadingOfEachTypeByReadingTime() {
        Response response = get("/api/v1/patients/" + patient + "/vitals/latest");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("patientId").asString()).isEqualTo(patient);
        JsonNode vitals = response.json().get("vitals");
        assertThat(vitals).hasSize(3);
        JsonNode heartRate = ofType(vitals, "heart-rate");
        assertThat(heartRate.get("value").asDouble()).isEqualTo(80.0);
        assertThat(heartRate.get("unit").asString()).isEqualTo("/min");
        assertThat(heartRate.get("time").asString()).isEqualTo(now.minus(10, ChronoUnit.MINUTES).toString());
        assertThat(heartRate.has("systolic")).isFalse();
        JsonNode bloodPressure = ofType(vitals, "blood-pressure");
        assertThat(bloodPressure.get("systolic").asDouble()).isEqualTo(130.0);
        assertThat(bloodPressure.get("diastolic").asDouble()).isEqualTo(85.0);
        assertThat(bloodPressure.has("value")).isFalse();
        assertThat(ofType(vitals, "consciousness").get("consciousness").asString()).isEqualTo("A");
    }

    @Test
    void aRangeQueryAnswersTheReadingsOfOneTypeInTimeOrder() {
        Response response = get("/api/v1/patients/" + patient + "/vitals?type=heart-rate&from="
                + now.minus(1, ChronoUnit.HOURS) + "&to=" + now);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("type").asString()).isEqualTo("heart-rate");
        JsonNode found = response.json().get("readings");
        assertThat(found).hasSize(2);
        assertThat(found.get(0).get("value").asDouble()).isEqualTo(70.0);
        assertThat(found.get(1).get("value").asDouble()).isEqualTo(80.0);
        assertThat(found.get(0).get("deviceId").asString()).isEqualTo(device);
        assertThat(found.get(0).get("readingId").asString()).isNotBlank();
        assertThat(found.get(0).get("receivedAt").asString()).isNotBlank();

        String id = found.get(0).get("id").asString();
        Response one = get("/internal/v1/readings/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(found.get(0));
    }

    @Test
    void withoutARangeTheLastDayOfEveryTypeIsAnswered() {
        JsonNode found = get("/api/v1/patients/" + patient + "/vitals").json().get("readings");

        assertThat(found).hasSize(4);
    }

    @Test
    void theInternalSearchOrdersNewestFirstOnRequest() {
        JsonNode found = get("/internal/v1/readings?patientId=" + patient + "&type=heart-rate&order=desc&limit=2")
                .json().get("readings");

        assertThat(found).hasSize(2);
        assertThat(found.get(0).get("value").asDouble()).isEqualTo(80.0);
        assertThat(found.get(1).get("value").asDouble()).isEqualTo(70.0);
    }

    @Test
    void anUnknownTypeOrABadInstantIsABadRequestNamingIt() {
        Response unknownType = get("/api/v1/patients/" + patient + "/vitals?type=mood");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownType.json().get("detail").asString()).contains("type");

        Response badFrom = get("/api/v1/patients/" + patient + "/vitals?from=last-tuesday");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().get("detail").asString()).contains("from");
    }

    @Test
    void theRrIntervalsAndFallFixturesAreStoredAndAnsweredWithTheirSeriesAndLocation() {
        ReadingRecorded rr = asOurs(ContractFixtures.reading("rr-intervals"), now.minus(3, ChronoUnit.MINUTES));
        ReadingRecorded fall = asOurs(ContractFixtures.reading("fall"), now.minus(2, ChronoUnit.MINUTES));
        publish(rr);
        publish(fall);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM readings WHERE patient_id = ?", Integer.class, patient) == readings + 2);

        JsonNode vitals = get("/api/v1/patients/" + patient + "/vitals/latest").json().get("vitals");
        JsonNode series = ofType(vitals, "rr-intervals");
        assertThat(doubles(series.get("values"))).containsExactly(812.0, 790.0, 805.0, 798.0, 820.0, 801.0);
        assertThat(series.get("unit").asString()).isEqualTo("ms");
        assertThat(series.get("time").asString()).isEqualTo(rr.time().toString());
        assertThat(series.has("value")).isFalse();
        assertThat(series.has("latitude")).isFalse();
        JsonNode fallen = ofType(vitals, "fall");
        assertThat(fallen.get("latitude").asDouble()).isEqualTo(51.5072);
        assertThat(fallen.get("longitude").asDouble()).isEqualTo(-0.1276);
        assertThat(fallen.has("values")).isFalse();
        assertThat(fallen.has("unit")).isFalse();

        JsonNode ranged = get("/api/v1/patients/" + patient + "/vitals?type=rr-intervals").json().get("readings");
        assertThat(ranged).hasSize(1);
        assertThat(ranged.get(0)).isEqualTo(series);
        Response byId = get("/internal/v1/readings/" + fall.eventId());
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json()).isEqualTo(fallen);
    }

    /** The fixture's values under this test's patient, device, ids and time. */
    private ReadingRecorded asOurs(ReadingRecorded fixture, Instant time) {
        return new ReadingRecorded(UUID.randomUUID(), device, "r-" + UUID.randomUUID(), patient, fixture.type(), time,
                time.plusMillis(400), fixture.value(), fixture.unit(), fixture.systolic(), fixture.diastolic(),
                fixture.consciousness(), fixture.supplementalOxygen(), fixture.oxygenFlow(), null, fixture.source(),
                fixture.values(), fixture.latitude(), fixture.longitude());
    }

    private static java.util.List<Double> doubles(JsonNode array) {
        java.util.List<Double> list = new java.util.ArrayList<>();
        array.forEach(node -> list.add(node.asDouble()));
        return list;
    }

    @Test
    void anUnknownPatientIsNotFound() {
        assertThat(get("/api/v1/patients/no-such-patient/vitals/latest").status()).isEqualTo(404);
        assertThat(get("/api/v1/patients/no-such-patient/vitals").status()).isEqualTo(404);
    }

    private ReadingRecorded heartRate(double value, Instant time) {
        return reading("heart-rate", time, value, null, null, null);
    }

    private ReadingRecorded reading(String type, Instant time, @Nullable Double value, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String consciousness) {
        String unit = switch (type) {
            case "heart-rate" -> "/min";
            case "blood-pressure" -> "mm[Hg]";
            default -> null;
        };
        return new ReadingRecorded(UUID.randomUUID(), device, "r-" + UUID.randomUUID(), patient, type, time,
                time.plusMillis(250), value, unit, systolic, diastolic, consciousness, null, null, null,
                ReadingRecorded.SOURCE_DEVICE);
    }

    private static JsonNode ofType(JsonNode vitals, String type) {
        for (JsonNode vital : vitals) {
            if (type.equals(vital.get("type").asString())) {
                return vital;
            }
        }
        throw new AssertionError("no " + type + " in " + vitals);
    }
}
