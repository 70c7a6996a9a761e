package org.vigil.audit.review;

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

/**
 * {@code GET /api/v1/audit/break-glass?reviewed=false}: break-glass records (awaiting review, reviewed, or all), and
 * {@code POST /api/v1/audit/events/{eventId}/review}: marks one reviewed.
 */
@RestController
class BreakGlassController {

    static final int MAX_NOTE_LENGTH = 4000;

    private final AuditQueries queries;
    private final Reviews reviews;

    BreakGlassController(AuditQueries queries, Reviews reviews) {
        this.queries = queries;
        this.reviews = reviews;
    }

    record ReviewRequest(@Nullable String note) {
    }

    record Reviewed(UUID eventId, String reviewer, java.time.Instant reviewedAt, String note) {
    }

    @GetMapping("/api/v1/audit/break-glass")
    AuditPage breakGlass(@RequestParam Map<String, String> parameters) {
        return queries.search(AuditQuery.of(parameters).breakGlassOnly());
    }

    @PostMapping("/api/v1/audit/events/{eventId}/review")
    Reviewed review(@PathVariable String eventId, @RequestBody(required = false) @Nullable ReviewRequest request) {
        UUID id = uuid(eventId);
        String note = request == null ? null : request.note();
        if (note == null || note.isBlank()) {
            throw Problems.badRequest("note is required: say what the review found");
        }
        if (note.length() > MAX_NOTE_LENGTH) {
            throw Problems.badRequest("note must be at most " + MAX_NOTE_LENGTH + " characters");
        }
        AuditEventView.Review review = reviews.review(id, reviewer(), note.strip());
        return new Reviewed(id, review.reviewer(), review.reviewedAt(), review.note());
    }

    private static String reviewer() {
        return "unknown";
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("eventId must be a UUID");
        }
    }
}
