package org.vigil.vitals.record;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.vigil.common.events.ObservationDocumentRecorded;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.Correlation;
import org.vigil.vitals.Problems;
import org.vigil.vitals.reading.ReadingOutbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Observation entries of a FHIR transaction, written in its database transaction after its patients and devices:
 * readings (queued in the {@link ReadingOutbox}, published to Kafka once committed, then stored by the consumer like
 * any reading) and documents (Observations that are not readings, such as a vital signs panel, stored as they are and
 * announced on {@code vigil.observation-document-recorded.v1} through the same outbox, for Subscriptions).
 *
 * <p>References between entries are resolved here, when the ids exist: an entry names its patient or device by the
 * other entry's {@code ref} ({@code patientRef}, {@code deviceRef}), and every {@code "reference"} inside the posted
 * Observation that equals an earlier entry's ref becomes {@code Patient/{id}}, {@code Device/{id}} or
 * {@code Observation/{id}} (a panel's {@code hasMember} naming its members' fullUrls, for example).
 */
@Component
class ObservationEntries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String INSERT_DOCUMENT = """
            INSERT INTO observation_document (id, patient_id, device_id, reading_id, code, time, received_at, status,
                                              resource)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (device_id, reading_id) DO NOTHING
            """;

    private static final String FIND_DOCUMENT = """
            SELECT id, received_at FROM observation_document WHERE device_id = ? AND reading_id = ?
            """;

    private final ReadingOutbox outbox;
    private final JdbcTemplate jdbc;

    ObservationEntries(ReadingOutbox outbox, JdbcTemplate jdbc) {
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    /**
     * A reading entry's body: the {@code vigil.reading-recorded.v1} event as fhir-service built it, whose
     * {@code patientId} and {@code deviceId} are replaced by the ids of the entries {@code patientRef} and
     * {@code deviceRef} name, if given; {@code ifNoneExist} is the reading id of a conditional create.
     */
    record ReadingEntry(@Nullable JsonNode event, @Nullable String patientRef, @Nullable String deviceRef,
            @Nullable String ifNoneExist) {
    }

    /**
     * A document entry's body: an Observation that is not a reading. {@code deviceId} is the Vigil device or
     * {@code fhir:<client_id>}; ({@code deviceId}, {@code readingId}) makes it exactly-once like a reading.
     */
    record DocumentEntry(@Nullable String id, @Nullable String patientId, @Nullable String patientRef,
            @Nullable String deviceId, @Nullable String deviceRef, @Nullable String readingId,
            @Nullable String ifNoneExist, @Nullable String code, @Nullable Instant time, @Nullable Instant receivedAt,
            @Nullable String status, @Nullable JsonNode resource) {
    }

    /** What an entry wrote (or found): its id and time, and whether it was written now. */
    record Written(String id, Instant lastUpdated, boolean created) {
    }

    static void check(ReadingEntry reading) {
        if (reading.event() == null || !reading.event().isObject()) {
            throw Problems.badRequest("a reading entry needs reading.event, a reading-recorded event");
        }
    }

    static void check(DocumentEntry document) {
        Problems.required("document.id", document.id(), 36);
        Problems.required("document.readingId", document.readingId(), 128);
        Problems.required("document.code", document.code(), 32);
        Problems.required("document.status", document.status(), 32);
        if (document.time() == null) {
            throw Problems.badRequest("document.time is required");
        }
        if (document.resource() == null || !document.resource().isObject()) {
            throw Problems.badRequest("document.resource must be a FHIR Observation (a JSON object)");
        }
        if ((document.patientId() == null) == (document.patientRef() == null)) {
            throw Problems.badRequest("a document entry needs patientId or patientRef (one of them)");
        }
        if ((document.deviceId() == null) == (document.deviceRef() == null)) {
            throw Problems.badRequest("a document entry needs deviceId or deviceRef (one of them)");
        }
    }

    /**
     * @param references each earlier entry's ref and what it became ({@code Patient/{id}}, ...)
     */
    Written writeReading(ReadingEntry entry, Map<String, String> references) {
        ObjectNode event = (ObjectNode) Objects.requireNonNull(entry.event()).deepCopy();
        if (entry.patientRef() != null) {
            event.put("patientId", id(references, entry.patientRef(), "Patient", "reading.patientRef"));
        }
        if (entry.deviceRef() != null) {
            event.put("deviceId", id(references, entry.deviceRef(), "Device", "reading.deviceRef"));
        }
        JsonNode resource = event.get("resource");
        if (resource != null && resource.isString()) {
            JsonNode document = parse(resource.asString(), "reading.event.resource");
            rewrite(document, references);
            event.put("resource", JSON.writeValueAsString(document));
        }
        ReadingRecorded reading;
        try {
            reading = Topics.READING_RECORDED.codec().decode(JSON.writeValueAsBytes(event));
        } catch (RuntimeException e) {
            throw Problems.badRequest("reading.event is not a readable reading-recorded event");
        }
        ReadingOutbox.Queued queued = outbox.enqueue(reading, entry.ifNoneExist());
        return new Written(queued.id(), queued.receivedAt(), queued.created());
    }

    Written writeDocument(DocumentEntry entry, Map<String, String> references) {
        String patientId = entry.patientRef() != null
                ? id(references, entry.patientRef(), "Patient", "document.patientRef")
                : Objects.requireNonNull(entry.patientId());
        String deviceId = entry.deviceRef() != null ? id(references, entry.deviceRef(), "Device", "document.deviceRef")
                : Objects.requireNonNull(entry.deviceId());
        String readingId = Objects.requireNonNull(entry.readingId());
        if (entry.ifNoneExist() != null) {
            Optional<Written> existing = document(deviceId, entry.ifNoneExist());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        UUID id;
        try {
            id = UUID.fromString(Objects.requireNonNull(entry.id()));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("document.id must be a UUID");
        }
        JsonNode resource = Objects.requireNonNull(entry.resource()).deepCopy();
        rewrite(resource, references);
        Instant receivedAt = entry.receivedAt() != null ? entry.receivedAt() : Instant.now();
        String document = JSON.writeValueAsString(resource);
        if (!ReadingOutbox.storableDocument(document)) {
            throw Problems.badRequest("document.resource cannot be stored: it holds a NUL character (\\u0000)");
        }
        Instant time = Objects.requireNonNull(entry.time());
        int inserted = jdbc.update(INSERT_DOCUMENT, id, patientId, deviceId, readingId, entry.code(),
                Timestamp.from(time), Timestamp.from(receivedAt), entry.status(), document);
        if (inserted == 1) {
            outbox.enqueue(new ObservationDocumentRecorded(id, patientId, deviceId, readingId,
                    Objects.requireNonNull(entry.code()), time, receivedAt, Objects.requireNonNull(entry.status()),
                    document, MDC.get(Correlation.MDC_KEY)));
            return new Written(id.toString(), receivedAt, true);
        }
        return document(deviceId, readingId).orElseThrow(() -> new IllegalStateException(
                "a document conflicted on its key but cannot be found"));
    }

    private Optional<Written> document(String deviceId, String readingId) {
        return jdbc.query(FIND_DOCUMENT, (row, n) -> new Written(row.getString(1), row.getTimestamp(2).toInstant(),
                false), deviceId, readingId).stream().findFirst();
    }

    /** The id of the entry {@code ref} names, which must be of {@code type}. */
    private static String id(Map<String, String> references, String ref, String type, String field) {
        @Nullable String reference = references.get(ref);
        if (reference == null || !reference.startsWith(type + "/")) {
            throw Problems.badRequest(field + " " + ref + " names no " + type.toLowerCase(java.util.Locale.ROOT)
                    + " entry");
        }
        return reference.substring(type.length() + 1);
    }

    private static JsonNode parse(String json, String field) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw Problems.badRequest(field + " must be a FHIR Observation (a JSON object)");
            }
            return node;
        } catch (tools.jackson.core.JacksonException e) {
            throw Problems.badRequest(field + " is not JSON");
        }
    }

    /** Every {@code "reference": ref} naming an earlier entry becomes that entry's {@code Type/id}. */
    static void rewrite(JsonNode node, Map<String, String> references) {
        if (node instanceof ObjectNode object) {
            JsonNode reference = object.get("reference");
            if (reference != null && reference.isString() && references.containsKey(reference.asString())) {
                object.put("reference", references.get(reference.asString()));
            }
            for (JsonNode child : object.values()) {
                rewrite(child, references);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node.values()) {
                rewrite(child, references);
            }
        }
    }
}
