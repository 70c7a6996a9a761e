package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.ReadingRecorded;

class ReadingBatchTest {

    private static final Instant TEN = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aReadingPublishedTwiceInOneBatchIsKeptOnce() {
        ReadingRecorded first = heartRate("hr-1", TEN, 70);
        ReadingRecorded republished = heartRate("hr-1", TEN, 70);
        ReadingRecorded other = heartRate("hr-2", TEN.plusSeconds(60), 71);

        assertThat(ReadingBatch.firstOfEachKey(List.of(first, republished, other))).containsExactly(first, other);
    }

    @Test
    void theLatestValueIsTheNewestByReadingTimeNotByArrival() {
        ReadingRecorded newer = heartRate("hr-2", TEN.plusSeconds(60), 71);
        ReadingRecorded older = heartRate("hr-1", TEN, 70);

        assertThat(ReadingBatch.newestPerPatientAndType(List.of(newer, older))).containsExactly(newer);
    }

    @Test
    void everyGoldenFixtureIsStorable() {
        for (String name : List.of("heart-rate", "blood-pressure", "body-temperature-from-fahrenheit",
                "consciousness", "supplemental-oxygen", "from-newer-producer", "rr-intervals", "fall",
                "blood-pressure-from-fhir-data-absent")) {
            assertThat(ReadingBatch.unstorable(ContractFixtures.reading(name))).as(name).isEmpty();
        }
    }

    @Test
    void aTypeThisServiceDoesNotKnowIsUnstorableAndTheReasonSaysSo() {
        ReadingRecorded unknown = new ReadingRecorded(UUID.randomUUID(), "dev-1", "x-1", "pat-1", "mood", TEN, TEN,
                3.0, null, null, null, null, null, null, null, ReadingRecorded.SOURCE_DEVICE);

        assertThat(ReadingBatch.unstorable(unknown)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("unknown reading type"));
    }

    private static ReadingRecorded heartRate(String readingId, Instant time, double value) {
        return new ReadingRecorded(UUID.randomUUID(), "dev-1", readingId, "pat-1", "heart-rate", time, time, value,
                "/min", null, null, null, null, null, null, ReadingRecorded.SOURCE_DEVICE);
    }

    @Test
    void aResourceThatIsNotAJsonObjectOrCarriesANulCannotBeStoredAndSaysSo() {
        ReadingRecorded fixture = ContractFixtures.reading("blood-pressure-from-fhir-data-absent");

        assertThat(ReadingBatch.unstorable(withResource(fixture, "[1, 2]"))).contains(
                "resource must be a JSON object (without NUL characters)");
        assertThat(ReadingBatch.unstorable(withResource(fixture, "{not json"))).isPresent();
        assertThat(ReadingBatch.unstorable(withResource(fixture, "{\"text\":\"a\\u0000b\"}"))).isPresent();
        assertThat(ReadingBatch.unstorable(withResource(fixture, "{\"resourceType\":\"Observation\"}"))).isEmpty();
    }

    private static ReadingRecorded withResource(ReadingRecorded r, String resource) {
        return new ReadingRecorded(r.eventId(), r.deviceId(), r.readingId(), r.patientId(), r.type(), r.time(),
                r.receivedAt(), r.value(), r.unit(), r.systolic(), r.diastolic(), r.consciousness(),
                r.supplementalOxygen(), r.oxygenFlow(), r.correlationId(), r.source(), r.values(), r.latitude(),
                r.longitude(), r.status(), r.dataAbsentReason(), resource);
    }
}
