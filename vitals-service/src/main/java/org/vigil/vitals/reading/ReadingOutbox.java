package org.vigil.vitals.reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.common.events.ObservationDocumentRecorded;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topic;
import org.vigil.common.events.Topics;
import org.vigil.vitals.Problems;

/**
 * The transactional outbox of FHIR transaction Bundles (issue 5): a reading's claim and its event are written in the
 * caller's database transaction, together with whatever else that transaction writes (the Bundle's patients, devices
 * and documents, whose events are queued here too), and {@link ReadingOutboxRelay} publishes the events to their
 * topics ({@code vigil.reading-recorded.v1}, {@code vigil.observation-document-recorded.v1}) once committed.
 * So a Bundle is all or nothing: if the transaction rolls back, neither the claim nor the event exists; once it
 * commits, the event reaches Kafka even if Kafka is down at that moment or this instance dies (another instance's
 * sweep publishes it).
 */
@Component
public class ReadingOutbox {

    private static final String INSERT = """
            INSERT INTO event_outbox (topic, event_id, device_id, reading_id, message_key, payload, correlation_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String STORED = """
            SELECT id, received_at FROM readings WHERE device_id = ? AND reading_id = ? LIMIT 1
            """;

    private static final String QUEUED = """
            SELECT event_id, created_at FROM event_outbox
             WHERE device_id = ? AND reading_id = ? AND topic = 'vigil.reading-recorded.v1' LIMIT 1
            """;

    private final ReadingClaims claims;
    private final JdbcTemplate jdbc;
    private final ReadingOutboxRelay relay;

    ReadingOutbox(ReadingClaims claims, JdbcTemplate jdbc, ReadingOutboxRelay relay) {
        this.claims = claims;
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /** The reading as recorded: its event id, when it was received, and whether this call recorded it. */
    public record Queued(String id, Instant receivedAt, boolean created) {
    }

    /**
     * Claims the event's (device, reading id) and queues the event, in the caller's transaction. A reading id stored or
     * queued before is a duplicate: that reading's id, not queued again. With {@code ifNoneExist} (a reading id of the
     * same device), a reading stored or queued under it is answered instead.
     *
     * @throws ResponseStatusException 400 when the consumer could not store the event (it would be dead-lettered);
     *     503 when the reading id was claimed moments ago by a write still on its way (a device's, or a single FHIR
     *     create's): the caller retries
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Queued enqueue(ReadingRecorded event, @Nullable String ifNoneExist) {
        // What the consumer would dead-letter must be refused now: once queued, the reading has been acknowledged.
        Optional<String> unstorable = ReadingBatch.unstorable(event);
        if (unstorable.isPresent()) {
            throw Problems.badRequest("reading.event cannot be stored: " + unstorable.get());
        }
        if (ifNoneExist != null) {
            Optional<Queued> existing = existing(event.deviceId(), ifNoneExist);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        if (claims.claim(event.deviceId(), List.of(event.readingId())).isEmpty()) {
            return existing(event.deviceId(), event.readingId()).orElseThrow(() -> new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE, "an Observation with the same identifier was accepted moments ago"
                            + " and is still being stored; retry the transaction"));
        }
        jdbc.update(INSERT, Topics.READING_RECORDED.name(), event.eventId(), event.deviceId(), event.readingId(),
                Topics.READING_RECORDED.keyOf().apply(event), Topics.READING_RECORDED.codec().encode(event),
                event.correlationId());
        relayAfterCommit(event.eventId().toString());
        return new Queued(event.eventId().toString(), event.receivedAt(), true);
    }

    /**
     * Queues the announcement of a document the caller's transaction stores (the caller makes it exactly-once), for
     * fhir-service's Subscriptions.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(ObservationDocumentRecorded event) {
        Topic<ObservationDocumentRecorded> topic = Topics.OBSERVATION_DOCUMENT_RECORDED;
        jdbc.update(INSERT, topic.name(), event.documentId(), event.deviceId(), event.readingId(),
                topic.keyOf().apply(event), topic.codec().encode(event), event.correlationId());
        relayAfterCommit(event.documentId().toString());
    }

    private Optional<Queued> existing(String deviceId, String readingId) {
        List<Queued> found = jdbc.query(STORED, (row, n) -> new Queued(row.getString(1),
                row.getTimestamp(2).toInstant(), false), deviceId, readingId);
        if (found.isEmpty()) {
            found = jdbc.query(QUEUED, (row, n) -> new Queued(row.getString(1),
                    row.getTimestamp(2).toInstant(), false), deviceId, readingId);
        }
        return found.stream().findFirst();
    }

    /** Whether a document can be stored as jsonb: a JSON object without an escaped NUL character. */
    public static boolean storableDocument(String json) {
        return ReadingBatch.storableDocument(json);
    }

    /** Collects the events this transaction queues, to hand them to the relay once (and only if) it commits. */
    private void relayAfterCommit(String eventId) {
        @SuppressWarnings("unchecked")
        @Nullable List<String> queued = (List<String>) TransactionSynchronizationManager.getResource(this);
        if (queued == null) {
            List<String> ids = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, ids);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ReadingOutbox.this);
                    if (status == STATUS_COMMITTED) {
                        relay.relay(ids);
                    }
                }
            });
            queued = ids;
        }
        queued.add(eventId);
    }
}
