package org.vigil.alert.ward;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the independent parts of a ward request (the vitals call, one query per table) at once on virtual threads, so
 * that the answer takes as long as the slowest part rather than their sum. Each part waits at most {@link #PATIENCE}.
 */
@Component
class Concurrently implements DisposableBean {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    <T> Future<T> start(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, threads);
    }

    /** The part's result; its own exception as thrown (a 503, a database error). */
    static <T> T join(Future<T> part) {
        try {
            return part.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the ward", e);
        } catch (TimeoutException e) {
            part.cancel(true);
            throw new IllegalStateException("a part of the ward took longer than " + PATIENCE, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
