package org.vigil.ingest.reading;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.vigil.common.events.Headers;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topic;
import org.vigil.common.events.Topics;
import org.vigil.ingest.DependencyUnavailableException;
import org.vigil.ingest.IngestProperties;

/**
 * Stage 4, publish: sends a request's accepted readings without waiting between them (the producer batches them),
 * then waits, bounded, until Kafka has acknowledged every one (acks=all, idempotent producer).
 */
@Component
class ReadingPublisher {

    private static final Topic<ReadingRecorded> TOPIC = Topics.READING_RECORDED;

    private final KafkaTemplate<String, byte[]> template;
    private final Duration timeout;
    private final IngestMetrics metrics;

    ReadingPublisher(KafkaTemplate<String, byte[]> template, IngestProperties properties, IngestMetrics metrics) {
        this.template = template;
        this.timeout = properties.publishTimeout();
        this.metrics = metrics;
    }

    /** @throws DependencyUnavailableException if Kafka did not acknowledge all of them in time */
    void publish(List<ReadingRecorded> events, @Nullable String correlationId) {
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            byte @Nullable [] correlationHeader =
                    correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
            CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
            for (int i = 0; i < acks.length; i++) {
                ReadingRecorded event = events.get(i);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC.name(), null,
                        TOPIC.keyOf().apply(event), TOPIC.codec().encode(event));
                if (correlationHeader != null) {
                    record.headers().add(Headers.CORRELATION_ID, correlationHeader);
                }
                acks[i] = template.send(record);
                if (acks[i].isCompletedExceptionally()) {
                    // Failed before it left (no metadata, buffer full after max.block.ms): the rest would block and
                    // fail alike, one by one, so stop here.
                    acks[i].get();
                }
            }
            long remaining = timeout.toNanos() - (System.nanoTime() - started);
            CompletableFuture.allOf(acks).get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            succeeded = true;
        } catch (ExecutionException e) {
            throw new DependencyUnavailableException("Kafka did not acknowledge the readings", e.getCause());
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException("Kafka did not acknowledge the readings within " + timeout, e);
        } catch (KafkaException | org.springframework.kafka.KafkaException e) {
            // Thrown by send() when a record fails before it leaves (Spring wraps the client's exception).
            throw new DependencyUnavailableException("Kafka did not take the readings", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted while waiting for Kafka", e);
        } finally {
            metrics.publishTimer(succeeded).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
