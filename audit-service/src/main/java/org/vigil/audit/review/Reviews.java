package org.vigil.audit.review;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.common.events.AuditRecorded;
import org.vigil.audit.Problems;
import org.vigil.audit.ledger.CanonicalForm;
import org.vigil.audit.search.AuditEventView;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.Refusals;

/** Stores reviews of break-glass records, one per record. */
@Component
class Reviews {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    private final PatientAccess access;
    private final Refusals refusals;

    Reviews(JdbcTemplate jdbc, PatientAccess access, Refusals refusals) {
        this.jdbc = jdbc;
        this.access = access;
        this.refusals = refusals;
        this.clock = Clock.systemUTC();
    }

    /**
     * Stores the review and records the update in the audit trail, in one transaction: if the audit record cannot be
     * written, the review is not stored either.
     *
     * @throws org.springframework.web.server.ResponseStatusException 404 when no record has this eventId, 403 when the
     *     reviewer is the one who broke the glass, 409 when it is not a break-glass record or was reviewed already
     */
    private record Target(boolean breakGlass, String agent, List<String> patientIds) {
    }

    @Transactional
    AuditEventView.Review review(UUID eventId, String reviewer, String note, Refusals.Request request) {
        List<Target> targets = jdbc.query("SELECT break_glass, agent, patient_ids FROM audit_event WHERE event_id = ?",
                (rs, row) -> new Target(rs.getBoolean("break_glass"), rs.getString("agent"),
                        Arrays.asList((String[]) rs.getArray("patient_ids").getArray())), eventId);
        if (targets.isEmpty()) {
            throw Problems.notFound("No audit record has this eventId");
        }
        Target target = targets.getFirst();
        if (!target.breakGlass()) {
            throw Problems.conflict("Only break-glass records are reviewed; this one is not");
        }
        // Separation of duties: a review is a second person's look at an emergency access. Someone who is both admin
        // and clinician could otherwise break the glass and then close their own review. Decided by subject, whatever
        // roles or scopes the token carries.
        if (target.agent().equals(reviewer)) {
            // Decided here, not by PatientAccess, so recorded here: every denial is in the audit trail.
            refusals.record(request, Refusals.Agent.current(), AuditRecorded.UPDATE, DataKind.AUDIT.resourceType(),
                    target.patientIds(), "own-break-glass");
            throw Problems.forbidden("You cannot review your own break-glass access; another reviewer must");
        }
        Instant now = CanonicalForm.stored(clock.instant());
        int inserted = jdbc.update("""
                INSERT INTO break_glass_review (event_id, reviewer, reviewed_at, note) VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""", eventId, reviewer, OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                note);
        if (inserted == 0) {
            throw Problems.conflict("This break-glass record was reviewed already");
        }
        access.recordAccess(DataKind.AUDIT, Interaction.UPDATE, target.patientIds());
        return new AuditEventView.Review(reviewer, now, note);
    }
}
