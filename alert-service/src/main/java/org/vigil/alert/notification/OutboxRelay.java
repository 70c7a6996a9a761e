package org.vigil.alert.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.alert.ward.WardStream;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.Topics;

/**
 * Relays committed outbox rows to {@code vigil.alert-changed.v1} (keyed by patient id, at least once: a row is marked
 * published only after the broker acknowledged it) and then to the live stream. Woken right after every commit that
 * wrote rows, and every {@code relay-interval} otherwise; rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so that
 * replicas share the work. Consumers drop redeliveries by {@code eventId}.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private record Row(long seq, byte[] key, byte[] payload, String change, @Nullable Instant readingReceivedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final AlertStream stream;
    private final WardStream ward;
    private final NotificationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile @Nullable Thread worker;
    private volatile boolean running;
    private Instant lastPurge = Instant.EPOCH;

    OutboxRelay(JdbcClient jdbc, PlatformTransactionManager transactions, KafkaTemplate<byte[], byte[]> kafka,
            AlertStream stream, WardStream ward, NotificationProperties properties, Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.kafka = kafka;
        this.stream = stream;
        this.ward = ward;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** Something was committed to the outbox: relay it now rather than at the next interval. */
    void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("alert-outbox-relay").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(SEND_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration pause = properties.relayInterval();
        while (running) {
            try {
                wakeUps.poll(pause.toMillis(), TimeUnit.MILLISECONDS);
                while (running && relayOnce() == properties.relayBatch()) {
                    // a full batch: there may be more
                }
                purgeNowAndThen();
                pause = properties.relayInterval();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Broker or database away: the rows stay unpublished and are sent later; back off a little.
                log.warn("Relaying alert changes failed ({}); retrying", e.getClass().getName());
                pause = Duration.ofSeconds(Math.min(30, Math.max(1, pause.toSeconds() * 2)));
            }
        }
    }

    /** @return how many rows were relayed */
    int relayOnce() throws InterruptedException {
        List<Row> relayed = new ArrayList<>();
        Instant[] publishedAt = new Instant[1];
        transaction.executeWithoutResult(status -> {
            List<Row> rows = jdbc.sql("""
                    select seq, patient_id, change, payload, reading_received_at from alert_outbox
                     where published_at is null order by seq limit :batch for update skip locked""")
                    .param("batch", properties.relayBatch())
                    .query((rs, n) -> new Row(rs.getLong("seq"),
                            rs.getString("patient_id").getBytes(StandardCharsets.UTF_8), rs.getBytes("payload"),
                            rs.getString("change"), instant(rs.getTimestamp("reading_received_at"))))
                    .list();
            if (rows.isEmpty()) {
                return;
            }
            List<CompletableFuture<SendResult<byte[], byte[]>>> sent = new ArrayList<>(rows.size());
            for (Row row : rows) {
                sent.add(kafka.send(new ProducerRecord<>(Topics.ALERT_CHANGED.name(), row.key(), row.payload())));
            }
            try {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                        .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing alert changes", e);
            } catch (Exception e) {
                throw new IllegalStateException("could not publish alert changes", e);
            }
            publishedAt[0] = clock.instant();
            jdbc.sql("update alert_outbox set published_at = :now where seq in (:seqs)")
                    .param("now", publishedAt[0].atOffset(ZoneOffset.UTC))
                    .param("seqs", rows.stream().map(Row::seq).toList())
                    .update();
            relayed.addAll(rows);
        });
        List<String> patients = new ArrayList<>(relayed.size());
        for (Row row : relayed) {
            if (row.readingReceivedAt() != null) {
                latency(row.change()).record(Duration.between(row.readingReceivedAt(), publishedAt[0]));
            }
            AlertChanged change = Topics.ALERT_CHANGED.codec().decode(row.payload());
            stream.publish(change, new String(row.payload(), StandardCharsets.UTF_8));
            patients.add(change.patientId());
        }
        ward.changed(patients.stream().distinct().toList());
        return relayed.size();
    }

    private Timer latency(String change) {
        return Timer.builder("vigil.alert.latency")
                .description("From the reading's arrival at ingest to its alert change stored and published to Kafka")
                .tag("change", change)
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .register(meters);
    }

    private void purgeNowAndThen() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) < 0) {
            return;
        }
        lastPurge = now;
        OffsetDateTime before = now.minus(properties.outboxRetention()).atOffset(ZoneOffset.UTC);
        jdbc.sql("delete from alert_outbox where published_at < :before").param("before", before).update();
        OffsetDateTime deliveriesBefore = now.minus(properties.webhooks().deliveryRetention()).atOffset(ZoneOffset.UTC);
        jdbc.sql("delete from webhook_delivery where status <> 'pending' and created_at < :before")
                .param("before", deliveriesBefore).update();
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

}
