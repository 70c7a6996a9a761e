package org.vigil.alert.notification;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.vigil.common.events.AlertChanged;
import org.vigil.service.security.AuditUnavailableException;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.RelationshipsUnavailableException;
import org.vigil.service.security.VigilPrincipal;
import org.vigil.service.stream.StreamSlots;
import org.vigil.service.stream.TooManyStreamsException;

/**
 * The in-memory fan-out behind {@code GET /api/v1/alerts/stream}, fed by the outbox relay after commit. Each client has
 * a bounded queue drained by a virtual thread of its own, so that a slow client never holds up the relay (nor the
 * others); a client that falls a whole queue behind, or whose connection fails, is dropped.
 *
 * <p>Access granted at connect time does not keep flowing: before each change goes out, the drainer decides again
 * whether the stream's owner may read that patient's alerts now ({@link PatientAccess#deliver}: their relationships of
 * now, a break-glass grant only until it ends) and records the delivery, or its refusal, in the audit trail. A change
 * the owner may no longer see is withheld; the stream is completed when the owner's token expires (EventSource
 * reconnects through the gateway's session, with a fresh token) or when access cannot be decided or audited.
 */
@Component
class AlertStream {

    private static final Logger log = LoggerFactory.getLogger(AlertStream.class);
    private static final Object HEARTBEAT = new Object();

    /** What carries a change to a client, as the audit record's request. */
    static final String CHANNEL = "SSE GET /api/v1/alerts/stream";

    /**
     * Who connected, as their token said: decided again for every change, until {@code expiresAt}.
     *
     * @param expiresAt when the token expires; the stream ends then (null: only at the stream's timeout)
     */
    record Owner(VigilPrincipal principal, @Nullable Instant expiresAt) {
    }

    /**
     * What a client wants (null filters match everything) within what it may see: {@code scope}, the patients whose
     * alerts its token allowed it to search when it connected (each change is still decided again before it is sent).
     */
    record Filter(@Nullable String patientId, @Nullable String category, PatientScope scope) {

        boolean matches(AlertChanged event) {
            return scope.includes(event.patientId())
                    && (patientId == null || patientId.equals(event.patientId()))
                    && (category == null || category.equals(event.category()));
        }
    }

    private record Event(AlertChanged change, String json) {
    }

    private final class Client {

        private final SseEmitter emitter;
        private final Filter filter;
        private final Owner owner;
        private final BlockingQueue<Object> queue;
        private final StreamSlots.Slot slot;
        private volatile @Nullable Thread drainer;

        Client(SseEmitter emitter, Filter filter, Owner owner, int capacity, StreamSlots.Slot slot) {
            this.emitter = emitter;
            this.filter = filter;
            this.owner = owner;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.slot = slot;
        }

        void offer(Object item) {
            if (!queue.offer(item)) {
                drop(this, null);
            }
        }

        void drain() {
            try {
                while (clients.contains(this)) {
                    Instant expiresAt = owner.expiresAt();
                    Object item = expiresAt == null ? queue.take()
                            : queue.poll(Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis()),
                                    TimeUnit.MILLISECONDS);
                    if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
                        // The token it was opened with has expired: the client reconnects with a fresh one.
                        drop(this, null);
                        return;
                    }
                    if (item == HEARTBEAT) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    } else if (item instanceof Event event
                            && access.deliver(owner.principal(), DataKind.ALERT, event.change().patientId(), CHANNEL)) {
                        emitter.send(SseEmitter.event().name("change").id(event.change().eventId().toString())
                                .data(event.json()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | IllegalStateException | AuditUnavailableException
                    | RelationshipsUnavailableException e) {
                // Unaudited or undecided, nothing is sent: the client reconnects, and is decided afresh.
                drop(this, e);
            }
        }
    }

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final NotificationProperties properties;
    private final PatientAccess access;
    private final Clock clock;
    private final StreamSlots slots;

    AlertStream(NotificationProperties properties, PatientAccess access, Clock clock, StreamSlots slots) {
        this.properties = properties;
        this.access = access;
        this.clock = clock;
        this.slots = slots;
    }

    /**
     * A new stream for a client; it ends when the client leaves, the stream times out, the owner's token expires or
     * the service stops. It holds one of the owner's {@link StreamSlots} (shared with the ward stream) until then.
     *
     * @throws TooManyStreamsException beyond the owner's or the instance's cap, before the response starts
     */
    SseEmitter open(Filter filter, Owner owner, Runnable decideAndAudit) {
        StreamSlots.Slot slot = slots.acquire(owner.principal().subject());
        try {
            decideAndAudit.run();
        } catch (RuntimeException refused) {
            slot.release();
            throw refused;
        }
        SseEmitter emitter = new SseEmitter(properties.stream().timeout().toMillis());
        Client client = new Client(emitter, filter, owner, properties.stream().queue(), slot);
        emitter.onCompletion(() -> drop(client, null));
        emitter.onTimeout(() -> drop(client, null));
        emitter.onError(e -> drop(client, null));
        try {
            // Sent at once, so that the client sees the response start before the first change.
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        clients.add(client);
        client.drainer = Thread.ofVirtual().name("alert-stream-client").start(client::drain);
        return emitter;
    }

    /** Hands a committed, published change to every client whose filter matches. */
    void publish(AlertChanged change, String json) {
        Event event = new Event(change, json);
        for (Client client : clients) {
            if (client.filter.matches(change)) {
                client.offer(event);
            }
        }
    }

    int clients() {
        return clients.size();
    }

    @Scheduled(fixedDelayString = "${vigil.alert.notification.stream.heartbeat:PT15S}")
    void heartbeat() {
        for (Client client : clients) {
            client.offer(HEARTBEAT);
        }
    }

    private void drop(Client client, @Nullable Exception cause) {
        // Released on every path, also for a client that failed before it joined: the slot counts it once.
        client.slot.release();
        if (!clients.remove(client)) {
            return;
        }
        if (cause != null) {
            log.debug("Alert stream client dropped: {}", cause.getClass().getName());
        }
        Thread drainer = client.drainer;
        if (drainer != null && drainer != Thread.currentThread()) {
            drainer.interrupt();
        }
        try {
            client.emitter.complete();
        } catch (RuntimeException e) {
            // already completed
        }
    }
}
