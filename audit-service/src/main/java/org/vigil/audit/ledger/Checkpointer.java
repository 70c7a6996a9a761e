package org.vigil.audit.ledger;

import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes a signed checkpoint of the chain head to {@link Checkpoints}: on start, every
 * {@code vigil.audit.checkpoint-interval} when the head has moved, and as soon as {@code vigil.audit.checkpoint-every}
 * records have been appended since the last one. Truncation and rewriting are detectable only below the newest
 * checkpoint, so these two bound what can be lost unnoticed.
 *
 * <p>It signs a head only if the records since its previous checkpoint verify: a chain that was cut short or rewritten
 * in the database is never anchored (an error is logged instead, and {@code GET /api/v1/audit/verify} says where).
 */
@Component
class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final ChainVerifier verifier;
    private final Checkpoints checkpoints;
    private final long every;
    private final Clock clock;
    private @Nullable Checkpoint last;
    private boolean loaded;
    private long appendedSince;

    Checkpointer(ChainVerifier verifier, Checkpoints checkpoints,
            @Value("${vigil.audit.checkpoint-every:1000}") long every) {
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.every = every;
        this.clock = Clock.systemUTC();
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        checkpointQuietly();
    }

    @Scheduled(fixedDelayString = "${vigil.audit.checkpoint-interval:PT1M}",
            initialDelayString = "${vigil.audit.checkpoint-interval:PT1M}")
    void onInterval() {
        checkpointQuietly();
    }

    /** Called after each committed append of {@code count} records. */
    void appended(int count) {
        boolean due;
        synchronized (this) {
            appendedSince += count;
            due = appendedSince >= every;
        }
        if (due) {
            checkpointQuietly();
        }
    }

    /** Checkpoints the head now if it moved since the last checkpoint and the records since verify. */
    synchronized Optional<Checkpoint> checkpoint() {
        if (!loaded) {
            last = checkpoints.latest();
            loaded = true;
        }
        ChainVerifier.Extension head = verifier.extension(last);
        if (head.problem() != null) {
            appendedSince = 0;
            log.error("Not checkpointing the audit chain: {}. Run GET /api/v1/audit/verify", head.problem());
            return Optional.empty();
        }
        if (head.seq() == 0 || (last != null && head.seq() == last.seq())) {
            appendedSince = 0;
            return Optional.empty();
        }
        last = checkpoints.append(head.seq(), head.hash(), clock.instant());
        appendedSince = 0;
        log.debug("Checkpointed the audit chain at record {}", head.seq());
        return Optional.of(last);
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            // The database or the checkpoint directory is unavailable: the next interval tries again.
            log.error("Could not checkpoint the audit chain ({}: {})", e.getClass().getSimpleName(), e.getMessage());
        }
    }
}
