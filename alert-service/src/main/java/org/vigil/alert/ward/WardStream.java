package org.vigil.alert.ward;

import java.io.IOException;
import java.time.Duration;
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
import org.vigil.service.security.PatientScope;

/**
 * The in-memory fan-out behind {@code GET /api/v1/ward/stream}: which patients' ward rows changed (a reading of theirs
 * was evaluated, one of their alerts changed), never what changed. Each client collects the ids of its scope in a set
 * and a virtual thread of its own sends them at most once per {@code coalesce} (default 500 ms), so that a busy ward
 * is one event per half second however many readings arrive, and a slow client holds up nobody.
 *
 * <p>Fed after commit: by the reading consumer for the patients of each evaluated batch, and by the outbox relay for
 * every alert change it published (acknowledgements and resolutions from the API included). Each replica streams what
 * it consumed and relayed itself; with several replicas a client sees the changes of the partitions its replica reads.
 */
@Component
public class WardStream {

    private static final Logger log = LoggerFactory.getLogger(WardStream.class);
    /** A client's pending ids are bounded: beyond this the next event is sent with what it has, the rest dropped. */
    private static final int MAX_PENDING = 10_000;

    private final class Client {

        private final SseEmitter emitter;
        private final PatientScope scope;
        private final Set<String> pending = ConcurrentHashMap.newKeySet();
        private final Semaphore signal = new Semaphore(0);
        private volatile @Nullable Thread sender;

        Client(SseEmitter emitter, PatientScope scope) {
            this.emitter = emitter;
            this.scope = scope;
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
                    long wait = Math.max(0, nextHeartbeat - System.nanoTime());
                    if (signal.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                        signal.drainPermits();
                        List<String> ids = new ArrayList<>(pending);
                        pending.removeAll(ids);
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
            } catch (IOException | IllegalStateException e) {
                drop(this, e);
            }
        }
    }

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Duration coalesce;
    private final Duration heartbeat;
    private final Duration timeout;

    WardStream(@Value("${vigil.alert.ward.stream.coalesce:PT0.5S}") Duration coalesce,
            @Value("${vigil.alert.ward.stream.heartbeat:PT15S}") Duration heartbeat,
            @Value("${vigil.alert.ward.stream.timeout:PT30M}") Duration timeout) {
        this.coalesce = coalesce;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
    }

    /** A new stream of the changes of the patients in {@code scope}; it ends when the client leaves or times out. */
    SseEmitter open(PatientScope scope) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Client client = new Client(emitter, scope);
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
