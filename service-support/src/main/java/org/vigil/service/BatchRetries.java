package org.vigil.service;

import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How Vigil's batch consumers recover: a batch that failed for any reason other than an unreadable record (listeners
 * dead-letter those themselves, through {@link DeadLetters}) is retried whole, with back-off from 0.5 s doubling to at
 * most 30 s, and without end. A database outage must delay records, never drop or dead-letter them; offsets stay
 * uncommitted meanwhile, and the consumers' writes are idempotent, so a retry does no harm.
 */
public final class BatchRetries {

    private static final Logger log = LoggerFactory.getLogger(BatchRetries.class);

    private BatchRetries() {
    }

    /**
     * An error handler that retries forever and says so at each attempt, by the cause's type and SQL state only: an
     * exception's message might quote a value.
     *
     * @param what what a batch holds, for the log line, e.g. {@code readings}
     */
    public static DefaultErrorHandler forever(String what) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int attempt) {
                logRetry(what, ex, attempt);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, @Nullable Exception ex, int attempt) {
                logRetry(what, ex, attempt);
            }
        });
        return handler;
    }

    private static void logRetry(String what, @Nullable Exception ex, int attempt) {
        Throwable cause = ex == null ? null : NestedExceptionUtils.getMostSpecificCause(ex);
        String sqlState = cause instanceof SQLException sql ? " (SQL state " + sql.getSQLState() + ")" : "";
        log.warn("A batch of {} failed (attempt {}): {}{}; it is retried with back-off", what, attempt,
                cause == null ? "unknown" : cause.getClass().getName(), sqlState);
    }
}
