package org.vigil.alert.ward;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.RelationshipsUnavailableException;
import org.vigil.service.security.VigilPrincipal;
import org.vigil.service.stream.StreamSlots;
import org.vigil.service.stream.TooManyStreamsException;

/**
 * The in-memory fan-out behind {@code GET /api/v1/ward/stream}: which patients' ward rows changed (a reading of theirs
 * was evaluated, one of their alerts changed), never what changed. Each client collects the ids of its scope in a set
 * and a virtual thread of its own sends them at most once per {@code coalesce} (default 500 ms), so that a busy ward
 * is one event per half second however many readings arrive, and a slow client holds up nobody.
 *
 * <p>Fed after commit: by the reading consumer for the patients of each evaluated batch, and by the outbox relay for
 * every alert change it published (acknowledgements and resolutions from the API included). Each replica streams what
 * it consumed and relayed itself; with several replicas a client sees the changes of the partitions its replica reads.
 *
 * <p>Before each event, the ids are decided again for the stream's owner ({@link PatientAccess#scopeOf}: their
 * relationships of now, a break-glass grant only until it ends), so that a patient whose care-team link or grant has
 * ended is named no more. The ids carry no health data (the client reads the rows with {@code GET /api/v1/ward},
 * which is audited), so the events themselves are not audited; the connection is. The stream is completed when the
 * owner's token expires, or when access cannot be decided.
 */
@Component
public class WardStream {

    private static final Logger log = LoggerFactory.getLogger(WardStream.class);
    /** A client's pending ids are bounded: beyond this the next event is sent with what it has, the rest dropped. */
    private static final int MAX_PENDING = 10_000;

    private final class Client {

        private final SseEmitter emitter;
        private final PatientScope scope;
        private final VigilPrincipal owner;
        private final @Nullable Instant expiresAt;
        private final Set<String> pending = ConcurrentHashMap.newKeySet();
        private final Semaphore signal = new Semaphore(0);
        private final StreamSlots.Slot slot;
        private volatile @Nullable Thread sender;

        Client(SseEmitter emitter, PatientScope scope, VigilPrincipal owner, @Nullable Instant expiresAt,
                StreamSlots.Slot slot) {
            this.emitter = emitter;
            this.scope = scope;
            this.owner = owner;
            this.expiresAt = expiresAt;
            this.slot = slot;
        }

        private long nanosLeft() {
            return expiresAt == null ? Long.MAX_VALUE
                    : Math.max(0, Duration.between(clock.instant(), expiresAt).toNanos());
        }

        void offer(Collection<String> patientIds) {
            boolean added = false;
            for (String id : patientIds) {
                if (scope.includes(id) && pending.size() < MAX_PENDING && pending.add(id)) {
                    added = true;
                }
            }
            if (added) {
                signal.release();
            }
        }

        void run() {
            long nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
            try {
                while (clients.contains(this)) {
                    long wait = Math.min(nanosLeft(), Math.max(0, nextHeartbeat - System.nanoTime()));
                    boolean signalled = signal.tryAcquire(wait, TimeUnit.NANOSECONDS);
                    if (nanosLeft() == 0) {
                        // The token it was opened with has expired: the client reconnects with a fresh one.
                        drop(this, null);
                        return;
                    }
                    if (signalled) {
                        signal.drainPermits();
                        List<String> ids = new ArrayList<>(pending);
                        pending.removeAll(ids);
                        PatientScope now = access.scopeOf(owner, DataKind.OBSERVATION, Interaction.SEARCH);
                        ids.removeIf(id -> !now.includes(id));
                        if (!ids.isEmpty()) {
                            emitter.send(SseEmitter.event().name("ward").data(Map.of("patientIds", ids)));
                            Thread.sleep(coalesce.toMillis());
                        }
                    }
                    if (System.nanoTime() - nextHeartbeat >= 0) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                        nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | IllegalStateException | RelationshipsUnavailableException e) {
                drop(this, e);
            }
        }
    }

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Duration coalesce;
    private final Duration heartbeat;
    private final Duration timeout;
    private final PatientAccess access;
    private final Clock clock;
    private final StreamSlots slots;

    WardStream(@Value("${vigil.alert.ward.stream.coalesce:PT0.5S}") Duration coalesce,
            @Value("${vigil.alert.ward.stream.heartbeat:PT15S}") Duration heartbeat,
            @Value("${vigil.alert.ward.stream.timeout:PT30M}") Duration timeout, PatientAccess access, Clock clock,
            StreamSlots slots) {
        this.coalesce = coalesce;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.access = access;
        this.clock = clock;
        this.slots = slots;
    }

    /**
     * A new stream of the changes of the patients in {@code scope} that {@code owner} may still see; it ends when the
     * client leaves, the stream times out or the owner's token expires ({@code expiresAt}, null for never). It holds
     * one of the owner's {@link StreamSlots} (shared with the alert stream) until then.
     *
     * @param audit records the connection, run once the stream has its place (a refused stream is no access)
     * @throws TooManyStreamsException beyond the owner's or the instance's cap, before the response starts
     */
    SseEmitter open(PatientScope scope, VigilPrincipal owner, @Nullable Instant expiresAt, Runnable audit) {
        StreamSlots.Slot slot = slots.acquire(owner.subject());
        try {
            audit.run();
        } catch (RuntimeException refused) {
            slot.release();
            throw refused;
        }
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Client client = new Client(emitter, scope, owner, expiresAt, slot);
        emitter.onCompletion(() -> drop(client, null));
        emitter.onTimeout(() -> drop(client, null));
        emitter.onError(e -> drop(client, null));
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        clients.add(client);
        client.sender = Thread.ofVirtual().name("ward-stream-client").start(client::run);
        return emitter;
    }

    /** These patients' ward rows changed (called after the change is committed). Never blocks. */
    public void changed(Collection<String> patientIds) {
        if (patientIds.isEmpty() || clients.isEmpty()) {
            return;
        }
        for (Client client : clients) {
            client.offer(patientIds);
        }
    }

    int clients() {
        return clients.size();
    }

    private void drop(Client client, @Nullable Exception cause) {
        // Released on every path, also for a client that failed before it joined: the slot counts it once.
        client.slot.release();
        if (!clients.remove(client)) {
            return;
        }
        if (cause != null) {
            log.debug("Ward stream client dropped: {}", cause.getClass().getName());
        }
        Thread sender = client.sender;
        if (sender != null && sender != Thread.currentThread()) {
            sender.interrupt();
        }
        try {
            client.emitter.complete();
        } catch (RuntimeException e) {
            // already completed
        }
    }
}
