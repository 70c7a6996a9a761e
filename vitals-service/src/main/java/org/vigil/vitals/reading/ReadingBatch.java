package org.vigil.vitals.reading;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.StoredDocuments;
import org.vigil.common.vitals.Acvpu;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What one consumer batch boils down to before it touches the database. Pure functions, no state. */
final class ReadingBatch {

    /** Identifies a reading across publications: the device and the device's own id for it. */
    record Key(String deviceId, String readingId) {

        static Key of(ReadingRecorded reading) {
            return new Key(reading.deviceId(), reading.readingId());
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReadingBatch() {
    }

    /**
     * The first occurrence of each (device, reading id), in batch order. A batch may hold the same reading twice (a
     * replay, a second publication after a released claim); one statement cannot flip the same key twice.
     */
    static List<ReadingRecorded> firstOfEachKey(Collection<ReadingRecorded> readings) {
        Map<Key, ReadingRecorded> first = new LinkedHashMap<>();
        for (ReadingRecorded reading : readings) {
            first.putIfAbsent(Key.of(reading), reading);
        }
        return new ArrayList<>(first.values());
    }

    /**
     * The newest reading by reading time for each (patient, type). On equal times the first in the batch is kept,
     * as the store keeps what it has unless a strictly newer reading arrives.
     */
    static List<ReadingRecorded> newestPerPatientAndType(Collection<ReadingRecorded> readings) {
        record PatientType(String patientId, String type) {
        }
        Map<PatientType, ReadingRecorded> newest = new LinkedHashMap<>();
        for (ReadingRecorded reading : readings) {
            newest.merge(new PatientType(reading.patientId(), reading.type()), reading,
                    (kept, candidate) -> candidate.time().isAfter(kept.time()) ? candidate : kept);
        }
        return new ArrayList<>(newest.values());
    }

    /**
     * Why a decoded reading cannot be stored, if it cannot: a type this service does not know (a newer producer), or
     * a field the schema cannot hold. Such a record goes to the dead-letter topic; were it left to fail in the
     * database, the batch would be retried forever and its partition would stall.
     */
    static Optional<String> unstorable(ReadingRecorded reading) {
        if (reading.vitalType().isEmpty()) {
            return Optional.of("unknown reading type '" + clip(reading.type()) + "'");
        }
        if (tooLong(reading.deviceId(), 64)) {
            return Optional.of("deviceId must be 1 to 64 characters");
        }
        if (tooLong(reading.readingId(), 128)) {
            return Optional.of("readingId must be 1 to 128 characters");
        }
        if (tooLong(reading.patientId(), 64)) {
            return Optional.of("patientId must be 1 to 64 characters");
        }
        if (reading.unit() != null && reading.unit().length() > 32) {
            return Optional.of("unit must be at most 32 characters");
        }
        if (tooLong(reading.source(), 64)) {
            return Optional.of("source must be 1 to 64 characters");
        }
        if (reading.consciousness() != null && Acvpu.fromCode(reading.consciousness()).isEmpty()) {
            return Optional.of("consciousness must be one of A, C, V, P, U");
        }
        if (reading.status() != null && (reading.status().isEmpty() || reading.status().length() > 32)) {
            return Optional.of("status must be 1 to 32 characters");
        }
        if (reading.dataAbsentReason() != null
                && (reading.dataAbsentReason().isEmpty() || reading.dataAbsentReason().length() > 64)) {
            return Optional.of("dataAbsentReason must be 1 to 64 characters");
        }
        if (reading.resource() != null && !storableDocument(reading.resource())) {
            return Optional.of("resource must be a JSON object (without NUL characters)");
        }
        return Optional.empty();
    }

    /** Whether PostgreSQL's jsonb takes it: a JSON object, with no escaped NUL character (which jsonb refuses). */
    static boolean storableDocument(String resource) {
        if (StoredDocuments.escapesNul(resource)) {
            return false;
        }
        try {
            JsonNode document = JSON.readTree(resource);
            return document != null && document.isObject();
        } catch (JacksonException e) {
            return false;
        }
    }

    private static boolean tooLong(String value, int max) {
        return value.isEmpty() || value.length() > max;
    }

    private static String clip(String value) {
        String safe = value.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe;
    }
}
