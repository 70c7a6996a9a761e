package org.vigil.ingest.reading;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.vigil.common.events.AuditRecorded;
import org.vigil.ingest.IngestProperties;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Refusals;

/**
 * Records in the audit trail every device refused a write: a missing, unknown or revoked token (401) and a device
 * posting for another (403). Accepted readings are not audited here: each one's ReadingRecorded event (device,
 * patient, receivedAt, correlation id) is the durable record of the write.
 *
 * <p>Coalesced, so that a flood of bad tokens cannot turn into a flood of synchronous audit writes: the first refusal
 * of an address, agent and reason in {@code vigil.ingest.refusals.audit-interval} is recorded before the answer, as
 * before; the rest of that interval are only counted, and one more record, written in the background when the interval
 * ends, says how many there were ({@code unknown-token (57 more from this address within 60 s)}). Together with
 * {@link RefusalLimiter} this bounds the audit writes refusals can cause.
 *
 * <p>Recording a refusal never changes the answer: if the audit trail cannot take the record, the device is still told
 * 401 or 403, not 503 or 500, and the loss is logged (without the token, which is never logged).
 */
@Component
class DeviceRefusals {

    /** Distinct address, agent and reason triples counted at once; beyond, the oldest is summed up early. */
    static final int MAX_WINDOWS = 10_000;

    private final ObjectProvider<Refusals> refusals;
    private final Duration interval;
    private final ExecutorService summaries = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("refusal-summaries").factory());
    private final Cache<String, Window> windows;

    /** One address, agent and reason within an interval: the first request's facts and how many followed. */
    private record Window(Refusals.Request first, @Nullable String deviceId, String reason, AtomicLong more) {
    }

    DeviceRefusals(ObjectProvider<Refusals> refusals, IngestProperties properties) {
        this.refusals = refusals;
        this.interval = properties.refusals().auditInterval();
        this.windows = Caffeine.newBuilder()
                .expireAfterWrite(interval)
                .maximumSize(MAX_WINDOWS)
                .scheduler(Scheduler.systemScheduler())
                .executor(summaries)
                .removalListener((String key, Window window, RemovalCause cause) -> {
                    if (window != null) {
                        summarise(window);
                    }
                })
                .build();
    }

    /**
     * @param address the caller's address as {@link RefusalLimiter} sees it
     * @param deviceId the device refused, when known (its token was revoked, or it posted for another); null for a
     *     caller with no usable token, who is recorded as anonymous
     * @param reason a short code, e.g. {@code unknown-token}, {@code credentials-revoked}, {@code foreign-device}
     */
    void record(HttpServletRequest request, String address, @Nullable String deviceId, String reason) {
        String key = address + ' ' + (deviceId == null ? "" : deviceId) + ' ' + reason;
        Window fresh = new Window(Refusals.Request.of(request), deviceId, reason, new AtomicLong());
        Window window = windows.asMap().putIfAbsent(key, fresh);
        if (window != null) {
            window.more().incrementAndGet();
            return;
        }
        write(fresh.first(), deviceId, reason);
    }

    private void summarise(Window window) {
        long more = window.more().get();
        if (more > 0) {
            write(window.first(), window.deviceId(), window.reason() + " (" + more + " more from this address within "
                    + interval.toSeconds() + " s)");
        }
    }

    private void write(Refusals.Request request, @Nullable String deviceId, String reason) {
        Refusals trail = refusals.getIfAvailable();
        if (trail != null) {
            trail.record(request, deviceId == null ? Refusals.Agent.anonymous() : Refusals.Agent.device(deviceId),
                    AuditRecorded.CREATE, DataKind.OBSERVATION.resourceType(), List.of(), reason);
        }
    }

    /** Sums up the open intervals rather than lose their counts, while the audit trail is still there. */
    @PreDestroy
    void flush() throws InterruptedException {
        windows.invalidateAll();
        windows.cleanUp();
        summaries.shutdown();
        summaries.awaitTermination(10, TimeUnit.SECONDS);
    }
}
