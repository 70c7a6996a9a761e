package org.vigil.audit.review;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.audit.Problems;
import org.vigil.audit.search.AuditEventView;
import org.vigil.audit.search.AuditPage;
import org.vigil.audit.search.AuditQueries;
import org.vigil.audit.search.AuditQuery;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.Refusals;
import org.vigil.service.security.VigilPrincipal;

/**
 * {@code GET /api/v1/audit/break-glass?reviewed=false}: break-glass records (awaiting review, reviewed, or all), and
 * {@code POST /api/v1/audit/events/{eventId}/review}: marks one reviewed, naming the reviewer from the token. Listing
 * needs {@code AuditEvent} search, reviewing {@code AuditEvent} update (admins, or SMART {@code system/AuditEvent.*}
 * scopes); both are audited.
 */
@RestController
class BreakGlassController {

    static final int MAX_NOTE_LENGTH = 4000;

    private final AuditQueries queries;
    private final Reviews reviews;
    private final PatientAccess access;

    BreakGlassController(AuditQueries queries, Reviews reviews, PatientAccess access) {
        this.queries = queries;
        this.reviews = reviews;
        this.access = access;
    }

    record ReviewRequest(@Nullable String note) {
    }

    record Reviewed(UUID eventId, String reviewer, Instant reviewedAt, String note) {
    }

    @GetMapping("/api/v1/audit/break-glass")
    AuditPage breakGlass(@RequestParam Map<String, String> parameters) {
        access.checkKind(DataKind.AUDIT, Interaction.SEARCH);
        AuditPage page = queries.search(AuditQuery.of(parameters).breakGlassOnly());
        access.recordAccess(DataKind.AUDIT, Interaction.SEARCH, page.patientIds());
        return page;
    }

    @PostMapping("/api/v1/audit/events/{eventId}/review")
    Reviewed review(@PathVariable String eventId, @RequestBody(required = false) @Nullable ReviewRequest request,
            HttpServletRequest http) {
        access.checkKind(DataKind.AUDIT, Interaction.UPDATE);
        UUID id = uuid(eventId);
        String note = request == null ? null : request.note();
        if (note == null || note.isBlank()) {
            throw Problems.badRequest("note is required: say what the review found");
        }
        if (note.length() > MAX_NOTE_LENGTH) {
            throw Problems.badRequest("note must be at most " + MAX_NOTE_LENGTH + " characters");
        }
        AuditEventView.Review review = reviews.review(id, reviewer(), note.strip(), Refusals.Request.of(http));
        return new Reviewed(id, review.reviewer(), review.reviewedAt(), review.note());
    }

    private static String reviewer() {
        return VigilPrincipal.current().map(VigilPrincipal::subject).orElseThrow();
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("eventId must be a UUID");
        }
    }
}
