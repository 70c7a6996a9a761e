package org.vigil.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ReadingRecordedContractTest {

    private final EventCodec<ReadingRecorded> codec = Topics.READING_RECORDED.codec();

    @Test
    void heartRateFixtureDecodesToItsFields() {
        ReadingRecorded event = ContractFixtures.reading("heart-rate");

        assertThat(event).isEqualTo(new ReadingRecorded(UUID.fromString("0b7f3c2e-5d4a-4e8b-9c1f-2a6d8e0f4b11"),
                "dev-7d1c4e2a", "hr-000123", "pat-3f9a1b20", "heart-rate", Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T10:00:01.250Z"), 72.0, "/min", null, null, null, null, null,
                "c0ffee00-1111-4222-8333-444455556666", "device"));
        assertThat(Topics.READING_RECORDED.keyOf().apply(event)).isEqualTo("pat-3f9a1b20");
    }

    @ParameterizedTest
    @ValueSource(strings = {"heart-rate", "blood-pressure", "body-temperature-from-fahrenheit", "consciousness",
            "supplemental-oxygen", "rr-intervals", "fall"})
    void encodingAFixtureGivesBackTheSameJson(String name) {
        byte[] fixture = ContractFixtures.bytes("vigil.reading-recorded.v1/" + name + ".json");

        byte[] reencoded = codec.encode(codec.decode(fixture));

        assertThat(tree(reencoded)).isEqualTo(tree(fixture));
    }

    @Test
    void fieldsAddedByANewerProducerAreIgnored() {
        ReadingRecorded event = ContractFixtures.reading("from-newer-producer");

        assertThat(event.value()).isEqualTo(74.0);
    }

    @Test
    void bloodPressureCarriesBothComponentsInOneEvent() {
        ReadingRecorded event = ContractFixtures.reading("blood-pressure");

        assertThat(event.systolic()).isEqualTo(120.0);
        assertThat(event.diastolic()).isEqualTo(80.0);
        assertThat(event.value()).isNull();
    }

    @Test
    void observationsPostedThroughFhirCarryStatusAbsentReasonAndDocument() {
        ReadingRecorded event = ContractFixtures.reading("blood-pressure-from-fhir-data-absent");

        assertThat(event.source()).isEqualTo(ReadingRecorded.SOURCE_FHIR);
        assertThat(event.systolic()).isEqualTo(109.0);
        assertThat(event.diastolic()).isNull();
        assertThat(event.status()).isEqualTo("final");
        assertThat(event.dataAbsentReason()).isEqualTo("not-performed");
        assertThat(event.resource()).startsWith("{\"resourceType\":\"Observation\"");
        assertThat(event.alertable()).isFalse();
    }

    @Test
    void onlyReadingsWithTheirValueAndNotWithdrawnMayAlert() {
        ReadingRecorded device = ContractFixtures.reading("heart-rate");
        ReadingRecorded cancelled = withStatus(device, "cancelled");
        ReadingRecorded inError = withStatus(device, "entered-in-error");
        ReadingRecorded amended = withStatus(device, "amended");

        assertThat(device.alertable()).isTrue();
        assertThat(amended.alertable()).isTrue();
        assertThat(cancelled.alertable()).isFalse();
        assertThat(inError.alertable()).isFalse();
        assertThat(codec.decode(codec.encode(cancelled))).isEqualTo(cancelled);
    }

    private static ReadingRecorded withStatus(ReadingRecorded r, String status) {
        return new ReadingRecorded(r.eventId(), r.deviceId(), r.readingId(), r.patientId(), r.type(), r.time(),
                r.receivedAt(), r.value(), r.unit(), r.systolic(), r.diastolic(), r.consciousness(),
                r.supplementalOxygen(), r.oxygenFlow(), r.correlationId(), r.source(), r.values(), r.latitude(),
                r.longitude(), status, null, null);
    }

    @Test
    void recordsThatAreNotJsonAreRefusedWithAReason() {
        assertThatThrownBy(() -> codec.decode(ContractFixtures.bytes("poison/not-json.bin")))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("not a valid ReadingRecorded");
    }

    @Test
    void eventsWithoutAPatientAreRefusedWithTheMissingField() {
        assertThatThrownBy(() -> codec.decode(ContractFixtures.bytes("poison/missing-patient.json")))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("patientId");
    }

    @Test
    void decodingErrorsNeverQuoteTheRecord() {
        byte[] record = "{\"eventId\": \"0b7f3c2e-5d4a-4e8b-9c1f-2a6d8e0f4b11\", \"value\": SECRET-142}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] wrongShape = "{\"eventId\": \"0b7f3c2e-5d4a-4e8b-9c1f-2a6d8e0f4b11\", \"value\": \"SECRET-142\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(record)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("not well-formed JSON (line 1").hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> codec.decode(wrongShape)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("(value)").hasMessageNotContaining("SECRET");
    }

    @Test
    void rrIntervalsCarryTheirSeriesAndFallsTheirPlace() {
        ReadingRecorded rr = ContractFixtures.reading("rr-intervals");
        ReadingRecorded fall = ContractFixtures.reading("fall");

        assertThat(rr.values()).containsExactly(812.0, 790.0, 805.0, 798.0, 820.0, 801.0);
        assertThat(rr.vitalType()).contains(org.vigil.common.vitals.VitalType.RR_INTERVALS);
        assertThat(fall.latitude()).isEqualTo(51.5072);
        assertThat(fall.longitude()).isEqualTo(-0.1276);
        assertThat(fall.value()).isNull();
    }

    @Test
    void alertChangedFixtureRoundTrips() {
        byte[] fixture = ContractFixtures.bytes("vigil.alert-changed.v1/raised.json");
        EventCodec<AlertChanged> alerts = Topics.ALERT_CHANGED.codec();

        AlertChanged event = alerts.decode(fixture);

        assertThat(event.change()).isEqualTo(AlertChanged.RAISED);
        assertThat(Topics.ALERT_CHANGED.keyOf().apply(event)).isEqualTo("pat-3f9a1b20");
        assertThat(tree(alerts.encode(event))).isEqualTo(tree(fixture));
    }

    @Test
    void decodingErrorsStayShortHoweverLongTheRecord() {
        byte[] record = ("{\"eventId\": " + "9".repeat(5000) + "q}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(record)).isInstanceOf(EventDecodingException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("9999"));
    }

    @Test
    void deviceChangedFixtureDecodes() {
        DeviceChanged event = Topics.DEVICE_CHANGED.codec()
                .decode(ContractFixtures.bytes("vigil.device-changed.v1/assigned.json"));

        assertThat(event).isEqualTo(new DeviceChanged("dev-7d1c4e2a", DeviceChanged.ASSIGNED,
                Instant.parse("2026-11-21T09:59:00Z")));
    }

    private static JsonNode tree(byte[] json) {
        return EventCodec.MAPPER.readTree(json);
    }
}
