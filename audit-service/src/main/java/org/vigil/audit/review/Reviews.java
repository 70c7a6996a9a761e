package org.vigil.audit.review;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.audit.Problems;
import org.vigil.audit.ledger.CanonicalForm;
import org.vigil.audit.search.AuditEventView;

/** Stores reviews of break-glass records, one per record. */
@Component
class Reviews {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Reviews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /**
     * @throws org.springframework.web.server.ResponseStatusException 404 when no record has this eventId, 409 when it
     *     is not a break-glass record or was reviewed already
     */
    @Transactional
    AuditEventView.Review review(UUID eventId, String reviewer, String note) {
        List<Boolean> breakGlass = jdbc.queryForList("SELECT break_glass FROM audit_event WHERE event_id = ?",
                Boolean.class, eventId);
        if (breakGlass.isEmpty()) {
            throw Problems.notFound("No audit record has this eventId");
        }
        if (!breakGlass.getFirst()) {
            throw Problems.conflict("Only break-glass records are reviewed; this one is not");
        }
        Instant now = CanonicalForm.stored(clock.instant());
        int inserted = jdbc.update("""
                INSERT INTO break_glass_review (event_id, reviewer, reviewed_at, note) VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""", eventId, reviewer, OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                note);
        if (inserted == 0) {
            throw Problems.conflict("This break-glass record was reviewed already");
        }
        return new AuditEventView.Review(reviewer, now, note);
    }
}
