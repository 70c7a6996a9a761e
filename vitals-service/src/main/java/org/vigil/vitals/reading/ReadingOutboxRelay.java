package org.vigil.vitals.reading;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.common.events.Headers;

/**
 * Publishes the outbox ({@link ReadingOutbox}) to each row's topic: right after the transaction that
 * queued events commits (on the relay's thread, so that the answer never waits for Kafka), and by a sweep every
 * {@code vigil.vitals.outbox-sweep-interval} (2 s) for whatever that missed (Kafka was down, the instance died between
 * commit and publish).
 *
 * <p>Each pass locks its rows ({@code FOR UPDATE SKIP LOCKED}, so replicas and the sweep never take the same rows),
 * sends them in queue order, waits for Kafka's acknowledgement of every one, and only then deletes them and commits.
 * A failure rolls the pass back and leaves the rows for the next sweep: at least once. A second copy on the topic (an
 * instance dying between the acknowledgement and the commit) is harmless: the consumer stores a (device, reading id)
 * once.
 */
@Component
class ReadingOutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadingOutboxRelay.class);
    static final int BATCH = 500;

    private static final String LOCK_IDS = """
            SELECT seq, topic, message_key, payload, correlation_id FROM event_outbox WHERE event_id = ANY (?::uuid[])
             ORDER BY seq FOR UPDATE SKIP LOCKED
            """;

    private static final String LOCK_OLDEST = """
            SELECT seq, topic, message_key, payload, correlation_id FROM event_outbox ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED
            """;

    private static final String DELETE = "DELETE FROM event_outbox WHERE seq = ANY (?::bigint[])";

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final TransactionTemplate transaction;
    private final long timeoutMillis;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
            .name("reading-outbox-relay").factory());

    ReadingOutboxRelay(JdbcTemplate jdbc, KafkaTemplate<byte[], byte[]> kafka, PlatformTransactionManager transactions,
            @Value("${vigil.vitals.outbox-publish-timeout:PT10S}") Duration timeout, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.timeoutMillis = timeout.toMillis();
        // Events waiting for Kafka: zero but for a moment, unless Kafka is unreachable (alert on it growing).
        Gauge.builder("vigil.vitals.outbox.pending", jdbc, ReadingOutboxRelay::pending)
                .description("FHIR transactions' events committed and not yet on Kafka").register(meters);
    }

    private static double pending(JdbcTemplate jdbc) {
        Long pending = jdbc.queryForObject("SELECT count(*) FROM event_outbox", Long.class);
        return pending == null ? 0 : pending;
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private record Row(long seq, String topic, String key, byte[] payload, @Nullable String correlationId) {
    }

    /**
     * Publishes these just-committed events on the relay's own thread: the transaction's answer does not wait for
     * Kafka (which may be down: the events are safe in the outbox). A failure is left to the sweep.
     */
    void relay(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    pass(con -> {
                        PreparedStatement statement = con.prepareStatement(LOCK_IDS);
                        statement.setArray(1, con.createArrayOf("uuid", eventIds.toArray()));
                        return statement;
                    });
                } catch (RuntimeException e) {
                    failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the next start's sweep publishes them
        }
    }

    @Scheduled(initialDelayString = "${vigil.vitals.outbox-sweep-interval:PT2S}",
            fixedDelayString = "${vigil.vitals.outbox-sweep-interval:PT2S}")
    void sweep() {
        sweepNow();
    }

    /** @return how many events this sweep published */
    int sweepNow() {
        int published = 0;
        try {
            int sent;
            do {
                sent = pass(con -> {
                    PreparedStatement statement = con.prepareStatement(LOCK_OLDEST);
                    statement.setInt(1, BATCH);
                    return statement;
                });
                published += sent;
            } while (sent == BATCH);
        } catch (RuntimeException e) {
            failed(e);
        }
        return published;
    }

    /** Locks rows ({@code lock}), publishes them, waits for Kafka, deletes them, commits: one transaction. */
    private int pass(PreparedStatementCreator lock) {
        Integer sent = transaction.execute(status -> {
            List<Row> rows = jdbc.query(lock, (row, n) -> new Row(row.getLong(1), row.getString(2), row.getString(3),
                    row.getBytes(4), row.getString(5)));
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                acks.add(kafka.send(record(row)));
            }
            await(acks);
            jdbc.update(con -> {
                PreparedStatement statement = con.prepareStatement(DELETE);
                statement.setArray(1, con.createArrayOf("bigint", rows.stream().map(Row::seq).toArray()));
                return statement;
            });
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    private static ProducerRecord<byte[], byte[]> record(Row row) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(row.topic(),
                row.key().getBytes(StandardCharsets.UTF_8), row.payload());
        if (row.correlationId() != null) {
            record.headers().add(Headers.CORRELATION_ID, row.correlationId().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private void await(List<CompletableFuture<?>> acks) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the outbox's events", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        }
    }

    private static void failed(RuntimeException e) {
        log.warn("Publishing the reading outbox failed; the events stay queued for the next sweep: {} ({})",
                e.getClass().getSimpleName(), NestedExceptionUtils.getMostSpecificCause(e).getClass().getName());
    }
}
