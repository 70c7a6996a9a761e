package org.vigil.alert.reading;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;
import org.vigil.common.events.Topics;
import org.vigil.service.DeadLetters;

/** The topics alert-service reads and dead-letters to, and how its listener recovers from failures. */
@Configuration(proxyBeanMethods = false)
class ReadingKafkaConfiguration {

    static final String CONSUMER_GROUP = "alert-service";

    @Bean
    NewTopic readingRecordedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.READING_RECORDED.name()).partitions(partitions).replicas(replication).build();
    }

    @Bean
    NewTopic readingRecordedDeadLetterTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.READING_RECORDED.deadLetterName()).partitions(partitions)
                .replicas(replication).build();
    }

    /** The only producer here; application.yml sets byte-array serializers for Boot's producer factory. */
    @Bean
    @SuppressWarnings("unchecked")
    KafkaTemplate<byte[], byte[]> deadLetterTemplate(ProducerFactory<?, ?> producerFactory) {
        return new KafkaTemplate<>((ProducerFactory<byte[], byte[]>) producerFactory);
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<byte[], byte[]> deadLetterTemplate) {
        return new DeadLetters(deadLetterTemplate, CONSUMER_GROUP);
    }

    /**
     * A batch that failed (the database is away, the dead-letter topic did not take a record) is retried whole, with
     * back-off capped at 30 s and no end: skipping it would lose alerts, and unreadable records are dead-lettered by
     * the listener itself, so whatever reaches here is worth waiting for. Offsets are committed only after a batch
     * succeeds, and writes are idempotent, so a retry does no harm.
     */
    @Bean
    DefaultErrorHandler readingErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(Duration.ofSeconds(1).toMillis(), 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(30).toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        // Without this a batch that keeps failing retries in silence. The cause's type and SQL state say what is
        // wrong without quoting a value; the exception's message might.
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int attempt) {
                logRetry(ex, attempt);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, @Nullable Exception ex, int attempt) {
                logRetry(ex, attempt);
            }
        });
        return handler;
    }

    private static void logRetry(@Nullable Exception ex, int attempt) {
        Throwable cause = ex == null ? null : NestedExceptionUtils.getMostSpecificCause(ex);
        String sqlState = cause instanceof java.sql.SQLException sql ? " (SQL state " + sql.getSQLState() + ")" : "";
        LoggerFactory.getLogger(ReadingKafkaConfiguration.class).warn(
                "A batch of readings failed (attempt {}): {}{}; it is retried with back-off",
                attempt, cause == null ? "unknown" : cause.getClass().getName(), sqlState);
    }
}
