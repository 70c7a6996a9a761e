package org.vigil.service.deadletter;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.vigil.common.events.Headers;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.VigilPrincipal;

/**
 * The operators' desk for one service's dead letters: lists those its consumer group dead-lettered and replays the
 * chosen ones through the service's own {@link ReplayHandler}s. Only operators get in; every listing and every replay
 * is an audit record. A replay is recorded in the service's {@code dead_letter_replay} table in the handler's own
 * transaction, so that a dead letter is replayed at most once, and a replay that fails again records nothing.
 */
public class DeadLetterDesk {

    /** The resource type audit records name for dead letters (not a FHIR type, as AlertSettings is not). */
    public static final String AUDIT_RESOURCE = "DeadLetter";
    /** How many dead letters a listing shows at most, the newest. */
    public static final int LIST_LIMIT = 500;
    /** How many dead letters one replay request may name. */
    public static final int MAX_IDS = 100;

    static final String REPLAYED = "replayed";
    static final String FAILED = "failed";
    static final String ALREADY_REPLAYED = "already-replayed";
    static final String NOT_FOUND = "not-found";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDesk.class);

    private final KafkaDeadLetters kafka;
    private final Map<String, ReplayHandler> handlers = new LinkedHashMap<>();
    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate transactions;
    private final PatientAccess access;
    private final Clock clock;

    /**
     * @param consumerProperties the service's Kafka consumer settings, e.g. {@code KafkaProperties
     *     .buildConsumerProperties()}
     * @param consumerGroup the group whose dead letters these are, as {@link org.vigil.service.DeadLetters} writes it
     * @param handlers one per topic the group consumes and dead-letters
     */
    public DeadLetterDesk(Map<String, Object> consumerProperties, String consumerGroup, List<ReplayHandler> handlers,
            JdbcTemplate jdbc, PlatformTransactionManager transactionManager, PatientAccess access, Clock clock) {
        this(new KafkaDeadLetters(consumerProperties, consumerGroup, Duration.ofSeconds(10), Duration.ofSeconds(15),
                10_000), handlers, jdbc, transactionManager, access, clock);
    }

    DeadLetterDesk(KafkaDeadLetters kafka, List<ReplayHandler> handlers, JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager, PatientAccess access, Clock clock) {
        this.kafka = kafka;
        for (ReplayHandler handler : handlers) {
            this.handlers.put(handler.topic().deadLetterName(), handler);
        }
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.transactions = new TransactionTemplate(transactionManager);
        this.access = access;
        this.clock = clock;
    }

    /**
     * @param complete false when the listing stopped before every partition was read (its deadline), so that older
     *     dead letters than those shown may be missing
     */
    public record Listing(List<DeadLetter> deadLetters, boolean complete) {
    }

    public record ReplayRequest(@Nullable List<String> ids) {
    }

    /**
     * @param outcome {@code replayed}, {@code failed} (it still cannot be processed; nothing was recorded, it may be
     *     replayed again), {@code already-replayed} or {@code not-found}
     * @param detail why, for a person; never the dead letter's content
     */
    public record ReplayResult(String id, String outcome, String detail) {
    }

    public record ReplayResults(List<ReplayResult> results) {
    }

    /** The newest dead letters of this service's consumer group, newest first, metadata only. Operators only. */
    public Listing list() {
        access.checkOperator(Interaction.READ, AUDIT_RESOURCE);
        KafkaDeadLetters.Found found;
        try {
            found = kafka.newest(handlers.keySet(), LIST_LIMIT);
        } catch (KafkaException e) {
            log.warn("Could not list dead letters: {}", e.getClass().getName());
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
            problem.setTitle("Kafka unavailable");
            problem.setDetail("The dead-letter topics could not be read now; try again.");
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, e);
        }
        Map<String, Replay> replays = replays(found.records().stream()
                .map(r -> new DeadLetterId(r.topic(), r.partition(), r.offset()).toString()).toList());
        List<DeadLetter> letters = new ArrayList<>(found.records().size());
        for (ConsumerRecord<byte[], byte[]> record : found.records()) {
            letters.add(describe(record, replays));
        }
        access.recordOperation(Interaction.READ, AUDIT_RESOURCE, List.of(),
                "listed " + letters.size() + " dead letters of consumer group " + kafka.consumerGroup());
        return new Listing(letters, found.complete());
    }

    /**
     * Replays each named dead letter, in order: 200 with a result for each; 409 (problem details with the same
     * {@code results}) when every one of them had been replayed already. Operators only.
     */
    public ResponseEntity<ReplayResults> replay(@Nullable ReplayRequest request) {
        access.checkOperator(Interaction.UPDATE, AUDIT_RESOURCE);
        List<DeadLetterId> ids = checked(request);
        List<ReplayResult> results = new ArrayList<>(ids.size());
        KafkaConsumer<byte[], byte[]> consumer = kafka.open();
        try {
            for (DeadLetterId id : ids) {
                results.add(replayOne(consumer, id));
            }
        } finally {
            KafkaDeadLetters.close(consumer);
        }
        List<ReplayResult> notReplayed = results.stream().filter(r -> !r.outcome().equals(REPLAYED)).toList();
        if (!notReplayed.isEmpty()) {
            StringBuilder detail = new StringBuilder("replay not done:");
            notReplayed.forEach(r -> detail.append(' ').append(r.id()).append(" (").append(r.outcome()).append(')'));
            access.recordOperation(Interaction.UPDATE, AUDIT_RESOURCE, List.of(), detail.toString());
        }
        if (results.stream().allMatch(r -> r.outcome().equals(ALREADY_REPLAYED))) {
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
            problem.setTitle("Already replayed");
            problem.setDetail("Every dead letter named was replayed already; a dead letter is replayed at most once.");
            problem.setProperty("results", results);
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        return ResponseEntity.ok(new ReplayResults(results));
    }

    private ReplayResult replayOne(KafkaConsumer<byte[], byte[]> consumer, DeadLetterId id) {
        String key = id.toString();
        ReplayHandler handler = handlers.get(id.topic());
        if (handler == null) {
            return new ReplayResult(key, NOT_FOUND, "not a dead-letter topic of this service");
        }
        Optional<Replay> earlier = Optional.ofNullable(replays(List.of(key)).get(key));
        if (earlier.isPresent()) {
            return alreadyReplayed(key, earlier.get());
        }
        Optional<ConsumerRecord<byte[], byte[]>> letter;
        try {
            letter = kafka.fetch(consumer, id);
        } catch (KafkaException | IllegalStateException e) {
            log.warn("Could not read dead letter {}: {}", key, e.getClass().getName());
            return new ReplayResult(key, FAILED, "the dead-letter topic could not be read now; try again");
        }
        if (letter.isEmpty()) {
            return new ReplayResult(key, NOT_FOUND,
                    "no dead letter of consumer group " + kafka.consumerGroup() + " at this position");
        }
        String by = VigilPrincipal.current().map(VigilPrincipal::subject).orElse("unknown");
        try {
            Boolean replayed = transactions.execute(status -> {
                int claimed = jdbc.update("""
                        INSERT INTO dead_letter_replay (id, replayed_at, replayed_by, outcome) VALUES (?, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING
                        """, key, Timestamp.from(clock.instant()), by, REPLAYED);
                if (claimed == 0) {
                    return false;
                }
                Collection<String> patients = handler.replay(letter.get());
                // In the transaction: no replay stands without its audit record.
                access.recordOperation(Interaction.UPDATE, AUDIT_RESOURCE, patients, "replayed dead letter " + key);
                return true;
            });
            if (!Boolean.TRUE.equals(replayed)) {
                return alreadyReplayed(key, replays(List.of(key)).get(key));
            }
            log.info("Dead letter {} replayed by an operator", key);
            return new ReplayResult(key, REPLAYED, "processed as the consumer would have; recorded as replayed");
        } catch (ReplayFailedException e) {
            return new ReplayResult(key, FAILED, "still cannot be processed: " + e.getMessage()
                    + "; nothing was recorded, it can be replayed once the cause is fixed");
        } catch (RuntimeException e) {
            if (e instanceof ErrorResponseException) {
                throw e; // the audit trail is unavailable: 503, and the replay was rolled back
            }
            // The type only: a message might quote the content.
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            log.warn("Replay of dead letter {} failed: {}", key, cause.getClass().getName());
            return new ReplayResult(key, FAILED, "processing failed (" + cause.getClass().getSimpleName()
                    + "); nothing was recorded, it can be replayed again");
        }
    }

    private static ReplayResult alreadyReplayed(String key, @Nullable Replay replay) {
        return new ReplayResult(key, ALREADY_REPLAYED, replay == null ? "replayed already"
                : "replayed already, at " + replay.at() + " by " + replay.by());
    }

    /** The ids, parsed and distinct, in the order given; a 400 naming the first bad one. */
    static List<DeadLetterId> checked(@Nullable ReplayRequest request) {
        if (request == null || request.ids() == null || request.ids().isEmpty()) {
            throw badRequest("ids is required: the ids of the dead letters to replay, as listed");
        }
        if (request.ids().size() > MAX_IDS) {
            throw badRequest("ids must hold at most " + MAX_IDS + " ids");
        }
        Set<DeadLetterId> ids = new LinkedHashSet<>();
        for (int i = 0; i < request.ids().size(); i++) {
            try {
                ids.add(DeadLetterId.parse(request.ids().get(i)));
            } catch (IllegalArgumentException e) {
                throw badRequest("ids[" + i + "] " + e.getMessage() + "; a dead-letter id is <topic>:<partition>:<offset>");
            }
        }
        return List.copyOf(ids);
    }

    private static ErrorResponseException badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Bad Request");
        problem.setDetail(detail);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    private record Replay(Instant at, String by) {
    }

    private Map<String, Replay> replays(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Replay> found = new HashMap<>();
        named.query("SELECT id, replayed_at, replayed_by FROM dead_letter_replay WHERE id IN (:ids)",
                Map.of("ids", ids), row -> {
                    found.put(row.getString("id"),
                            new Replay(row.getTimestamp("replayed_at").toInstant(), row.getString("replayed_by")));
                });
        return found;
    }

    private static DeadLetter describe(ConsumerRecord<byte[], byte[]> record, Map<String, Replay> replays) {
        String id = new DeadLetterId(record.topic(), record.partition(), record.offset()).toString();
        String origin = KafkaDeadLetters.header(record, Headers.DLT_ORIGIN);
        String originalTopic = record.topic().endsWith(".dlt")
                ? record.topic().substring(0, record.topic().length() - ".dlt".length()) : record.topic();
        Integer originalPartition = null;
        Long originalOffset = null;
        if (origin != null) {
            String[] parts = origin.split("/");
            if (parts.length == 3) {
                originalTopic = parts[0];
                try {
                    originalPartition = Integer.valueOf(parts[1]);
                    originalOffset = Long.valueOf(parts[2]);
                } catch (NumberFormatException e) {
                    // shown without them
                }
            }
        }
        String reason = KafkaDeadLetters.header(record, Headers.DLT_REASON);
        String consumer = KafkaDeadLetters.header(record, Headers.DLT_CONSUMER);
        Replay replay = replays.get(id);
        return new DeadLetter(id, originalTopic, originalPartition, originalOffset,
                consumer == null ? "" : consumer, reason == null ? "" : reason,
                Instant.ofEpochMilli(record.timestamp()), Math.max(0, record.serializedValueSize()),
                replay != null, replay == null ? null : replay.at(), replay == null ? null : replay.by());
    }
}
