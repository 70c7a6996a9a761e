package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class FhirReadingStorageIT extends IntegrationTest {

    private static final String DOCUMENT = """
            {"resourceType":"Observation","status":"%s","code":{"coding":[{"system":"http://loinc.org",\
            "code":"8867-4"}]},"subject":{"reference":"Patient/%s"}}""";

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aFhirReadingKeepsItsStatusReasonAndDocumentAndOnlyAlertableOnesBecomeTheLatest() {
        String patient = createPatient();
        ReadingRecorded kept = fhirHeartRate(patient, 71.0, now.minus(20, ChronoUnit.MINUTES), "amended", null);
        ReadingRecorded cancelled = fhirHeartRate(patient, 190.0, now.minus(10, ChronoUnit.MINUTES), "cancelled",
                null);
        ReadingRecorded absent = fhirHeartRate(patient, null, now.minus(5, ChronoUnit.MINUTES), "final", "asked-declined");
        publish(kept);
        publish(cancelled);
        publish(absent);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM readings WHERE patient_id = ?", Integer.class, patient) == 3);

        JsonNode latest = get("/api/v1/patients/" + patient + "/vitals/latest").json().get("vitals");
        assertThat(latest).hasSize(1);
        assertThat(latest.get(0).get("id").asString()).isEqualTo(kept.eventId().toString());
        assertThat(latest.get(0).get("status").asString()).isEqualTo("amended");

        JsonNode stored = get("/internal/v1/readings/" + cancelled.eventId()).json();
        assertThat(stored.get("source").asString()).isEqualTo("fhir");
        assertThat(stored.get("status").asString()).isEqualTo("cancelled");
        assertThat(stored.get("resource").isObject()).isTrue();
        assertThat(stored.get("resource").get("status").asString()).isEqualTo("cancelled");
        assertThat(stored.get("resource").get("subject").get("reference").asString()).isEqualTo("Patient/" + patient);

        JsonNode withoutValue = get("/internal/v1/readings/" + absent.eventId()).json();
        assertThat(withoutValue.get("dataAbsentReason").asString()).isEqualTo("asked-declined");
        assertThat(withoutValue.has("value")).isFalse();
    }

    @Test
    void aDeviceReadingHasSourceDeviceAndNoStatusOrResource() {
        String patient = createPatient();
        ReadingRecorded reading = new ReadingRecorded(UUID.randomUUID(), "dev-" + UUID.randomUUID(), "r-1", patient,
                "heart-rate", now, now, 64.0, "/min", null, null, null, null, null, null,
                ReadingRecorded.SOURCE_DEVICE);
        publish(reading);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/internal/v1/readings/" + reading.eventId())
                .status() == 200);

        JsonNode stored = get("/internal/v1/readings/" + reading.eventId()).json();
        assertThat(stored.get("source").asString()).isEqualTo("device");
        assertThat(stored.has("status")).isFalse();
        assertThat(stored.has("dataAbsentReason")).isFalse();
        assertThat(stored.has("resource")).isFalse();
    }

    private static ReadingRecorded fhirHeartRate(String patient, @Nullable Double value, Instant time, String status,
            @Nullable String dataAbsentReason) {
        return new ReadingRecorded(UUID.randomUUID(), "fhir:test-integrator", "urn:test|" + UUID.randomUUID(), patient,
                "heart-rate", time, time.plusSeconds(1), value, "/min", null, null, null, null, null, null,
                ReadingRecorded.SOURCE_FHIR, null, null, null, status, dataAbsentReason,
                DOCUMENT.formatted(status, patient));
    }
}
