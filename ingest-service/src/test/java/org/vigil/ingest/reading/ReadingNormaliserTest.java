package org.vigil.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.common.vitals.VitalType;
import org.vigil.ingest.device.Device;
import org.vigil.ingest.device.Device.Assignment;
import tools.jackson.databind.json.JsonMapper;

class ReadingNormaliserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-21T10:10:00Z");
    private static final Instant MOVED_AT = Instant.parse("2026-11-21T09:00:00Z");
    private static final Device DEVICE = new Device("dev-1", true, List.of(
            new Assignment("pat-before", Instant.parse("2026-11-01T00:00:00Z"), MOVED_AT),
            new Assignment("pat-after", MOVED_AT, null)));

    private final ReadingNormaliser normaliser = new ReadingNormaliser(Duration.ofMinutes(5));

    private Normalisation normalise(String json) {
        return normaliser.normalise(JSON.readTree(json), DEVICE, NOW);
    }

    private NormalisedReading accepted(String json) {
        Normalisation outcome = normalise(json);
        assertThat(outcome).isInstanceOf(NormalisedReading.class);
        return (NormalisedReading) outcome;
    }

    private Normalisation.Refused refused(String json, RejectionReason reason) {
        Normalisation outcome = normalise(json);
        assertThat(outcome).isInstanceOf(Normalisation.Refused.class);
        Normalisation.Refused refused = (Normalisation.Refused) outcome;
        assertThat(refused.reason()).isEqualTo(reason);
        return refused;
    }

    private static String quantity(String type, String value, String unit) {
        return """
                {"id": "r1", "type": "%s", "value": %s, "unit": "%s", "time": "2026-11-21T10:00:00Z"}"""
                .formatted(type, value, unit);
    }

    @Nested
    class Quantities {

        @Test
        void heartRateInItsCanonicalUnitIsAcceptedAsSent() {
            NormalisedReading reading = accepted(quantity("heart-rate", "72", "/min"));

            assertThat(reading.readingId()).isEqualTo("r1");
            assertThat(reading.type()).isEqualTo(VitalType.HEART_RATE);
            assertThat(reading.value()).isEqualTo(72.0);
            assertThat(reading.unit()).isEqualTo("/min");
            assertThat(reading.time()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
            assertThat(reading.deviceId()).isEqualTo("dev-1");
            assertThat(reading.patientId()).isEqualTo("pat-after");
            assertThat(reading.systolic()).isNull();
            assertThat(reading.consciousness()).isNull();
            assertThat(reading.supplementalOxygen()).isNull();
        }

        @ParameterizedTest(name = "{0} {1} {2} becomes {3} {4}")
        @CsvSource({
                "heart-rate, 72, bpm, 72.0, /min",
                "body-temperature, 101.3, °F, 38.5, Cel",
                "body-temperature, 101.3, [degF], 38.5, Cel",
                "body-temperature, 37.2, °C, 37.2, Cel",
                "blood-glucose, 5.5, mmol/L, 99.1, mg/dL",
                "body-weight, 154, lb, 69.853, kg",
                "body-weight, 70000, g, 70.0, kg",
                "spo2, 97, %, 97.0, %"})
        void otherAcceptedUnitsAreConvertedToTheCanonicalOne(String type, String value, String unit, double expected,
                String canonicalUnit) {
            NormalisedReading reading = accepted(quantity(type, value, unit));

            assertThat(reading.value()).isEqualTo(expected);
            assertThat(reading.unit()).isEqualTo(canonicalUnit);
        }

        @Test
        void aMissingUnitIsRefusedNamingTheExpectedOne() {
            var refused = refused("""
                    {"id": "r1", "type": "heart-rate", "value": 72, "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.BAD_UNIT);

            assertThat(refused.error()).isEqualTo("missing unit for heart-rate; expected /min");
            assertThat(refused.readingId()).isEqualTo("r1");
        }

        @Test
        void anUnknownUnitIsRefusedListingTheAcceptedOnes() {
            var refused = refused(quantity("heart-rate", "72", "Hz"), RejectionReason.BAD_UNIT);

            assertThat(refused.error()).startsWith("unknown unit 'Hz' for heart-rate; accepted: ")
                    .contains("/min", "bpm");
        }

        @Test
        void aUnitThatIsNotAStringIsRefused() {
            refused("""
                    {"id": "r1", "type": "heart-rate", "value": 72, "unit": 5, "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.BAD_UNIT);
        }

        @Test
        void aMissingValueIsRefused() {
            var refused = refused("""
                    {"id": "r1", "type": "heart-rate", "unit": "/min", "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.MALFORMED);

            assertThat(refused.error()).isEqualTo("missing value for heart-rate");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"72\"", "true", "[72]", "{\"v\": 72}"})
        void aValueThatIsNotANumberIsRefused(String value) {
            var refused = refused(quantity("heart-rate", value, "/min"), RejectionReason.MALFORMED);

            assertThat(refused.error()).isEqualTo("value must be a number");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e400", "123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"})
        void aValueTooLargeToBeFiniteIsRefusedAsMalformed(String value) {
            var refused = refused(quantity("heart-rate", value, "/min"), RejectionReason.MALFORMED);

            assertThat(refused.error()).isEqualTo("value must be a finite number");
        }

        @ParameterizedTest(name = "{0} {1} {2}")
        @CsvSource({
                "heart-rate, 400, /min",
                "heart-rate, -1, /min",
                "spo2, 101, %",
                "body-temperature, 120, Cel",
                "body-temperature, 37, °F",
                "body-weight, 0.1, kg"})
        void aPhysiologicallyImpossibleValueIsRefusedWithThePlausibleRange(String type, String value, String unit) {
            var refused = refused(quantity(type, value, unit), RejectionReason.IMPLAUSIBLE);

            assertThat(refused.error()).contains("is not physiologically possible for " + type)
                    .contains("plausible range");
        }

        @Test
        void zeroHeartRateGetsThroughBecauseItMeansASensorFellOff() {
            assertThat(accepted(quantity("heart-rate", "0", "/min")).value()).isEqualTo(0.0);
        }
    }

    @Nested
    class IdAndType {

        @Test
        void aMissingIdIsRefused() {
            var refused = refused("""
                    {"type": "heart-rate", "value": 72, "unit": "/min", "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.BAD_ID);

            assertThat(refused.error()).isEqualTo("missing id");
            assertThat(refused.readingId()).isNull();
        }

        @Test
        void anIdThatIsNotAStringOrBlankIsRefused() {
            refused("""
                    {"id": 17, "type": "heart-rate", "value": 72, "unit": "/min", "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.BAD_ID);
            refused("""
                    {"id": " ", "type": "heart-rate", "value": 72, "unit": "/min", "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.BAD_ID);
        }

        @Test
        void idsUpTo128CharactersAreAcceptedAndLongerOnesRefused() {
            String longest = "x".repeat(128);
            String json = """
                    {"id": "%s", "type": "heart-rate", "value": 72, "unit": "/min", "time": "2026-11-21T10:00:00Z"}""";

            assertThat(accepted(json.formatted(longest)).readingId()).isEqualTo(longest);
            var refused = refused(json.formatted(longest + "x"), RejectionReason.BAD_ID);
            assertThat(refused.error()).isEqualTo("id is longer than 128 characters");
        }

        @Test
        void anUnknownTypeIsRefusedListingTheKnownOnes() {
            var refused = refused(quantity("pulse", "72", "/min"), RejectionReason.UNKNOWN_TYPE);

            assertThat(refused.error()).isEqualTo("unknown type 'pulse'; known types: heart-rate, respiratory-rate, "
                    + "spo2, body-temperature, blood-pressure, blood-glucose, body-weight, consciousness, "
                    + "supplemental-oxygen, rr-intervals, fall");
        }

        @Test
        void aMissingTypeIsRefused() {
            var refused = refused("""
                    {"id": "r1", "value": 72, "unit": "/min", "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.UNKNOWN_TYPE);

            assertThat(refused.error()).startsWith("missing type; known types: heart-rate");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "72", "\"hr\"", "null"})
        void aReadingThatIsNotAnObjectIsRefused(String json) {
            var refused = refused(json, RejectionReason.MALFORMED);

            assertThat(refused.error()).isEqualTo("a reading must be a JSON object");
        }
    }

    @Nested
    class BloodPressure {

        private static String bp(String systolic, String diastolic, String unit) {
            return """
                    {"id": "bp1", "type": "blood-pressure", "systolic": %s, "diastolic": %s, "unit": "%s",
                     "time": "2026-11-21T10:00:00Z"}""".formatted(systolic, diastolic, unit);
        }

        @Test
        void bothComponentsAreKeptInOneReading() {
            NormalisedReading reading = accepted(bp("120", "80", "mm[Hg]"));

            assertThat(reading.systolic()).isEqualTo(120.0);
            assertThat(reading.diastolic()).isEqualTo(80.0);
            assertThat(reading.unit()).isEqualTo("mm[Hg]");
            assertThat(reading.value()).isNull();
        }

        @Test
        void kilopascalsAreConvertedToMillimetresOfMercury() {
            NormalisedReading reading = accepted(bp("16", "10.7", "kPa"));

            assertThat(reading.systolic()).isEqualTo(120.0);
            assertThat(reading.diastolic()).isEqualTo(80.0);
        }

        @ParameterizedTest
        @CsvSource({"80, 80", "80, 120"})
        void systolicNotAboveDiastolicIsRefused(String systolic, String diastolic) {
            var refused = refused(bp(systolic, diastolic, "mmHg"), RejectionReason.IMPLAUSIBLE);

            assertThat(refused.error()).isEqualTo("systolic must be greater than diastolic");
        }

        @Test
        void aMissingComponentIsRefused() {
            var refused = refused("""
                    {"id": "bp1", "type": "blood-pressure", "systolic": 120, "unit": "mm[Hg]",
                     "time": "2026-11-21T10:00:00Z"}""", RejectionReason.MALFORMED);

            assertThat(refused.error()).startsWith("blood-pressure needs both systolic and diastolic");
        }

        @Test
        void anImplausibleComponentIsRefusedNamingIt() {
            var refused = refused(bp("500", "80", "mm[Hg]"), RejectionReason.IMPLAUSIBLE);

            assertThat(refused.error()).startsWith("systolic ");
        }

        @Test
        void aMissingUnitIsRefused() {
            refused("""
                    {"id": "bp1", "type": "blood-pressure", "systolic": 120, "diastolic": 80,
                     "time": "2026-11-21T10:00:00Z"}""", RejectionReason.BAD_UNIT);
        }
    }

    @Nested
    class Consciousness {

        @ParameterizedTest
        @ValueSource(strings = {"A", "C", "V", "P", "U"})
        void everyAcvpuLevelIsAcceptedWithoutAUnit(String level) {
            NormalisedReading reading = accepted("""
                    {"id": "c1", "type": "consciousness", "value": "%s", "time": "2026-11-21T10:00:00Z"}"""
                    .formatted(level));

            assertThat(reading.consciousness()).isEqualTo(level);
            assertThat(reading.unit()).isNull();
            assertThat(reading.value()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"X\"", "\"a\"", "\"Alert\"", "1", "true"})
        void anythingElseIsRefused(String value) {
            var refused = refused("""
                    {"id": "c1", "type": "consciousness", "value": %s, "time": "2026-11-21T10:00:00Z"}"""
                    .formatted(value), RejectionReason.MALFORMED);

            assertThat(refused.error()).isEqualTo("consciousness value must be one of A, C, V, P, U (ACVPU)");
        }

        @Test
        void aMissingLevelIsRefused() {
            refused("""
                    {"id": "c1", "type": "consciousness", "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.MALFORMED);
        }
    }

    @Nested
    class SupplementalOxygen {

        @Test
        void oxygenWithAFlowKeepsTheFlowInLitresPerMinute() {
            NormalisedReading reading = accepted("""
                    {"id": "o1", "type": "supplemental-oxygen", "value": true, "flow": 2.0,
                     "time": "2026-11-21T10:00:00Z"}""");

            assertThat(reading.supplementalOxygen()).isTrue();
            assertThat(reading.oxygenFlow()).isEqualTo(2.0);
            assertThat(reading.unit()).isEqualTo("L/min");
        }

        @Test
        void airHasNeitherFlowNorUnit() {
            NormalisedReading reading = accepted("""
                    {"id": "o1", "type": "supplemental-oxygen", "value": false, "time": "2026-11-21T10:00:00Z"}""");

            assertThat(reading.supplementalOxygen()).isFalse();
            assertThat(reading.oxygenFlow()).isNull();
            assertThat(reading.unit()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"true\"", "1", "\"yes\"", "null"})
        void aValueThatIsNotABooleanIsRefused(String value) {
            refused("""
                    {"id": "o1", "type": "supplemental-oxygen", "value": %s, "time": "2026-11-21T10:00:00Z"}"""
                    .formatted(value), RejectionReason.MALFORMED);
        }

        @Test
        void anImpossibleFlowIsRefused() {
            var refused = refused("""
                    {"id": "o1", "type": "supplemental-oxygen", "value": true, "flow": 200,
                     "time": "2026-11-21T10:00:00Z"}""", RejectionReason.IMPLAUSIBLE);

            assertThat(refused.error()).startsWith("flow ");
        }

        @Test
        void aFlowInAnUnknownUnitIsRefused() {
            refused("""
                    {"id": "o1", "type": "supplemental-oxygen", "value": true, "flow": 2, "unit": "mL/s",
                     "time": "2026-11-21T10:00:00Z"}""", RejectionReason.BAD_UNIT);
        }
    }

    @Nested
    class RrIntervals {

        private static String series(String values, String unit) {
            return """
                    {"id": "rr1", "type": "rr-intervals", "values": %s, "unit": "%s", "time": "2026-11-21T10:00:00Z"}"""
                    .formatted(values, unit);
        }

        @Test
        void theIntervalsAreKeptInOrderInMillisecondsWithTheWindowStartAsTime() {
            NormalisedReading reading = accepted(series("[812, 790, 805.4]", "ms"));

            assertThat(reading.type()).isEqualTo(VitalType.RR_INTERVALS);
            assertThat(reading.values()).containsExactly(812.0, 790.0, 805.0);
            assertThat(reading.unit()).isEqualTo("ms");
            assertThat(reading.time()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
            assertThat(reading.value()).isNull();
        }

        @Test
        void secondsAreConvertedToMillisecondsValueByValue() {
            assertThat(accepted(series("[0.812, 1.2]", "s")).values()).containsExactly(812.0, 1200.0);
        }

        @Test
        void theLargestSeriesAllowedIsAcceptedAndOneMoreValueIsRefused() {
            String largest = "[" + String.join(",", java.util.Collections.nCopies(VitalType.MAX_SERIES_VALUES, "800"))
                    + "]";
            String tooLong = largest.replace("[", "[800,");

            assertThat(accepted(series(largest, "ms")).values()).hasSize(VitalType.MAX_SERIES_VALUES);
            var refused = refused(series(tooLong, "ms"), RejectionReason.MALFORMED);
            assertThat(refused.error()).isEqualTo("at most 2000 values per rr-intervals reading; split the window");
        }

        @Test
        void anImplausibleIntervalIsRefusedNamingItsIndex() {
            var refused = refused(series("[812, 790, 150, 805]", "ms"), RejectionReason.IMPLAUSIBLE);

            assertThat(refused.error()).startsWith("values[2] 150 ms is not physiologically possible for rr-intervals");
        }

        @Test
        void anIntervalThatIsNotANumberIsRefusedNamingItsIndex() {
            var refused = refused(series("[812, \"790\"]", "ms"), RejectionReason.MALFORMED);

            assertThat(refused.error()).isEqualTo("values[1] must be a number");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "[]| values must not be empty",
                "812| values must be an array of numbers",
                "null| missing values for rr-intervals; expected an array of numbers"})
        void aMissingEmptyOrScalarSeriesIsRefused(String values, String error) {
            assertThat(refused(series(values, "ms"), RejectionReason.MALFORMED).error()).isEqualTo(error);
        }

        @Test
        void aMissingOrUnknownUnitIsRefused() {
            refused("""
                    {"id": "rr1", "type": "rr-intervals", "values": [812], "time": "2026-11-21T10:00:00Z"}""",
                    RejectionReason.BAD_UNIT);
            refused(series("[812]", "bpm"), RejectionReason.BAD_UNIT);
        }

        @Test
        void theEventCarriesTheSeries() {
            var event = accepted(series("[812, 790]", "ms")).toEvent(java.util.UUID.randomUUID(), NOW, null);

            assertThat(event.type()).isEqualTo("rr-intervals");
            assertThat(event.values()).containsExactly(812.0, 790.0);
            assertThat(event.unit()).isEqualTo("ms");
        }
    }

    @Nested
    class Fall {

        private static String fall(String location) {
            return """
                    {"id": "f1", "type": "fall", "time": "2026-11-21T10:00:00Z"%s}""".formatted(location);
        }

        @Test
        void aFallWithoutLocationHasNoValueAndNoUnit() {
            NormalisedReading reading = accepted(fall(""));

            assertThat(reading.type()).isEqualTo(VitalType.FALL);
            assertThat(reading.value()).isNull();
            assertThat(reading.unit()).isNull();
            assertThat(reading.latitude()).isNull();
            assertThat(reading.longitude()).isNull();
        }

        @Test
        void aFallWithLocationKeepsLatitudeAndLongitude() {
            NormalisedReading reading = accepted(fall(", \"location\": {\"lat\": 51.5072, \"lon\": -0.1276}"));

            assertThat(reading.latitude()).isEqualTo(51.5072);
            assertThat(reading.longitude()).isEqualTo(-0.1276);
            var event = reading.toEvent(java.util.UUID.randomUUID(), NOW, null);
            assertThat(event.latitude()).isEqualTo(51.5072);
            assertThat(event.longitude()).isEqualTo(-0.1276);
        }

        @ParameterizedTest
        @CsvSource({"-90, -180", "90, 180"})
        void theEdgesOfTheGlobeAreAccepted(double lat, double lon) {
            NormalisedReading reading = accepted(fall(", \"location\": {\"lat\": %s, \"lon\": %s}".formatted(lat, lon)));

            assertThat(reading.latitude()).isEqualTo(lat);
            assertThat(reading.longitude()).isEqualTo(lon);
        }

        @ParameterizedTest
        @CsvSource(delimiter = ';', value = {
                "{\"lat\": 90.01, \"lon\": 0}; location.lat must be between -90 and 90 degrees",
                "{\"lat\": -91, \"lon\": 0}; location.lat must be between -90 and 90 degrees",
                "{\"lat\": 0, \"lon\": 180.5}; location.lon must be between -180 and 180 degrees",
                "{\"lat\": 0, \"lon\": -181}; location.lon must be between -180 and 180 degrees",
                "{\"lat\": \"51.5\", \"lon\": 0}; location.lat must be a number",
                "{\"lat\": 51.5}; location needs both lat and lon",
                "[51.5, 0]; location must be an object {\"lat\": .., \"lon\": ..}"})
        void aLocationThatIsNotOnTheGlobeIsRefusedNamingTheField(String location, String error) {
            var refused = refused(fall(", \"location\": " + location), RejectionReason.MALFORMED);

            assertThat(refused.error()).isEqualTo(error);
        }
    }

    @Nested
    class Time {

        private static String at(String time) {
            return """
                    {"id": "r1", "type": "heart-rate", "value": 72, "unit": "/min", "time": %s}""".formatted(time);
        }

        @Test
        void aMissingTimeIsRefused() {
            var refused = refused("""
                    {"id": "r1", "type": "heart-rate", "value": 72, "unit": "/min"}""", RejectionReason.BAD_TIME);

            assertThat(refused.error()).isEqualTo("missing time");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"yesterday\"", "\"2026-11-21 10:00\"", "\"2026-11-21T10:00:00\"", "1763719200"})
        void anUnparseableTimeIsRefused(String time) {
            var refused = refused(at(time), RejectionReason.BAD_TIME);

            assertThat(refused.error()).startsWith("time must be an ISO-8601 date-time with an offset");
        }

        @Test
        void aTimeWithAnOffsetIsTakenAsTheInstantItNames() {
            assertThat(accepted(at("\"2026-11-21T11:00:00+01:00\"")).time())
                    .isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        }

        @Test
        void exactlyFiveMinutesAheadIsAcceptedForDriftingDeviceClocks() {
            assertThat(accepted(at("\"2026-11-21T10:15:00Z\"")).time()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        }

        @Test
        void moreThanFiveMinutesAheadIsRefused() {
            var refused = refused(at("\"2026-11-21T10:15:00.001Z\""), RejectionReason.FUTURE_TIME);

            assertThat(refused.error()).isEqualTo("time is more than 5 minutes ahead of the server's clock");
        }
    }

    @Nested
    class Attribution {

        private static String at(String time) {
            return """
                    {"id": "r1", "type": "heart-rate", "value": 72, "unit": "/min", "time": "%s"}""".formatted(time);
        }

        @Test
        void aReadingBeforeTheDeviceMovedBelongsToTheFirstPatient() {
            assertThat(accepted(at("2026-11-21T08:59:59.999Z")).patientId()).isEqualTo("pat-before");
        }

        @Test
        void aReadingFromTheMomentOfTheMoveOnBelongsToTheSecondPatient() {
            assertThat(accepted(at("2026-11-21T09:00:00Z")).patientId()).isEqualTo("pat-after");
            assertThat(accepted(at("2026-11-21T10:05:00Z")).patientId()).isEqualTo("pat-after");
        }

        @Test
        void aReadingFromBeforeAnyAssignmentIsRefusedAsUnassigned() {
            var refused = refused(at("2026-10-31T23:59:59Z"), RejectionReason.UNASSIGNED);

            assertThat(refused.error()).isEqualTo("the device was not assigned to any patient at the reading's time");
        }

        @Test
        void aReadingAfterTheLastAssignmentEndedIsRefusedAsUnassigned() {
            Device unassigned = new Device("dev-2", true, List.of(new Assignment("pat-x",
                    Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-20T00:00:00Z"))));

            Normalisation outcome = normaliser.normalise(JSON.readTree(at("2026-11-21T10:00:00Z")), unassigned, NOW);

            assertThat(outcome).isInstanceOfSatisfying(Normalisation.Refused.class,
                    refused -> assertThat(refused.reason()).isEqualTo(RejectionReason.UNASSIGNED));
        }

        @Test
        void theRefusalOfAValueComesBeforeTheQuestionOfAttribution() {
            refused(quantity("heart-rate", "400", "/min").replace("2026-11-21T10:00:00Z", "2020-01-01T00:00:00Z"),
                    RejectionReason.IMPLAUSIBLE);
        }
    }

    @Test
    void theEventCarriesTheNormalisedValuesAndTheRequestsContext() {
        NormalisedReading reading = accepted(quantity("body-temperature", "101.3", "°F"));
        var eventId = java.util.UUID.randomUUID();

        var event = reading.toEvent(eventId, NOW, "corr-1");

        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.type()).isEqualTo("body-temperature");
        assertThat(event.value()).isEqualTo(38.5);
        assertThat(event.unit()).isEqualTo("Cel");
        assertThat(event.patientId()).isEqualTo("pat-after");
        assertThat(event.receivedAt()).isEqualTo(NOW);
        assertThat(event.correlationId()).isEqualTo("corr-1");
        assertThat(event.source()).isEqualTo("device");
    }
}
