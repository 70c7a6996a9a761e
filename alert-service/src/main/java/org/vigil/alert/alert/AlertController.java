package org.vigil.alert.alert;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.PatientIds;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.VigilPrincipal;

/**
 * The alerts API: list alerts, read one with its comments and history, acknowledge, comment on and resolve one.
 * Clinical and technical alerts are kept apart by {@code category}.
 *
 * <p>Every call is decided by {@link PatientAccess} for the alert's patient (kind {@link DataKind#ALERT}): reading and
 * listing need READ/SEARCH, acknowledging, resolving and commenting UPDATE. Who acknowledged, resolved or commented
 * is the access token's subject; a body's {@code by} naming anyone else is refused (400), so that no one can sign in
 * another's name. An unknown alert id is 404 before any check (alert ids are random UUIDs, which reveal nothing).
 */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final int MAX_BY = 200;
    private static final int MAX_COMMENT = 2000;
    private static final Set<String> CATEGORIES = Set.of("clinical", "technical");

    private final AlertStore store;
    private final PatientAccess access;
    private final Clock clock;

    AlertController(AlertStore store, PatientAccess access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    /**
     * Newest first; {@code status} one of open, acknowledged, resolved, {@code category} clinical or technical (all if
     * absent), {@code severity} a comma list of severities (all if absent). With {@code patientId}, the caller must
     * be allowed to search that patient's alerts (403 otherwise); without, the list holds only the alerts of the patients the caller may see (none: an empty list), and the
     * patients it names are recorded in the audit trail.
     */
    @GetMapping
    List<Alert> list(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String severity,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        AlertStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = AlertStatus.fromCode(status).orElseThrow(() -> new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "status must be one of open, acknowledged, resolved"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "limit must be between 1 and " + MAX_LIMIT);
        }
        String wantedCategory = null;
        if (category != null && !category.isBlank()) {
            if (!CATEGORIES.contains(category)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "category must be clinical or technical");
            }
            wantedCategory = category;
        }
        Set<String> severities = severities(severity);
        if (patientId != null && !patientId.isBlank()) {
            PatientIds.checked("patientId", patientId);
            access.check(DataKind.ALERT, Interaction.SEARCH, patientId);
            return store.list(patientId, null, wanted, wantedCategory, severities, null, null, limit);
        }
        PatientScope scope = access.scope(DataKind.ALERT, Interaction.SEARCH);
        if (scope.isEmpty()) {
            return List.of();
        }
        List<Alert> alerts = store.list(null, scope.all() ? null : scope.patientIds(), wanted, wantedCategory,
                severities, null, null, limit);
        if (!alerts.isEmpty()) {
            access.recordAccess(DataKind.ALERT, Interaction.SEARCH,
                    alerts.stream().map(Alert::patientId).distinct().toList());
        }
        return alerts;
    }

    /** {@code high,medium}: those severities; null (every severity) when absent. */
    private static @Nullable Set<String> severities(@Nullable String severity) {
        if (severity == null || severity.isBlank()) {
            return null;
        }
        Set<String> wanted = new java.util.LinkedHashSet<>();
        for (String code : severity.split(",")) {
            String stripped = code.strip();
            if (Severity.parse(stripped).isEmpty()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "severity must be a comma-separated list of low, low-medium, medium, high");
            }
            wanted.add(stripped);
        }
        return wanted;
    }

    /** The alert with its comments. */
    @GetMapping("/{id}")
    Alert get(@PathVariable String id) {
        Alert alert = store.findWithComments(parse(id)).orElseThrow(() -> notFound(id));
        access.check(DataKind.ALERT, Interaction.READ, alert.patientId());
        return alert;
    }

    /** Every change of the alert, oldest first. */
    @GetMapping("/{id}/history")
    List<HistoryEntry> history(@PathVariable String id) {
        UUID alertId = parse(id);
        Alert alert = store.find(alertId).orElseThrow(() -> notFound(id));
        access.check(DataKind.ALERT, Interaction.READ, alert.patientId());
        return store.history(alertId).orElseThrow(() -> notFound(id));
    }

    /** Adds a comment; the alert may be in any status. */
    @PostMapping("/{id}/comments")
    ResponseEntity<Comment> comment(@PathVariable String id, @RequestBody CommentRequest body) {
        UUID alertId = parse(id);
        guard(alertId, id);
        String by = checkedBy(body.by());
        String text = body.text();
        if (text == null || text.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
        }
        checkedComment(text, "text");
        Comment comment = store.comment(alertId, by, text, clock.instant()).orElseThrow(() -> notFound(id));
        return ResponseEntity.created(URI.create("/api/v1/alerts/" + alertId + "/comments/" + comment.id()))
                .body(comment);
    }

    /**
     * Resolves an open or acknowledged alert; {@code comment} becomes its resolution. A resolved alert cannot be
     * resolved again (409): unlike acknowledging, resolving twice would hide who actually resolved it.
     */
    @PostMapping("/{id}/resolve")
    Alert resolve(@PathVariable String id, @RequestBody(required = false) @Nullable Acknowledgement body) {
        UUID alertId = parse(id);
        guard(alertId, id);
        String by = checkedBy(body == null ? null : body.by());
        String comment = checkedComment(body == null ? null : body.comment(), "comment");
        return store.resolveIfActive(alertId, by, comment, clock.instant()).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.CONFLICT, "Alert " + id + " is already resolved"));
    }

    /**
     * Acknowledges an open alert. Acknowledging an acknowledged alert changes nothing and answers it as it is, so that
     * a retried request is harmless; a resolved alert cannot be acknowledged (409).
     */
    @PostMapping("/{id}/acknowledge")
    Alert acknowledge(@PathVariable String id, @RequestBody(required = false) @Nullable Acknowledgement body) {
        UUID alertId = parse(id);
        guard(alertId, id);
        String by = checkedBy(body == null ? null : body.by());
        String comment = checkedComment(body == null ? null : body.comment(), "comment");
        return store.acknowledgeIfOpen(alertId, by, comment, clock.instant()).orElseGet(() -> {
            Alert alert = store.find(alertId).orElseThrow(() -> notFound(id));
            if (AlertStatus.RESOLVED.code().equals(alert.status())) {
                throw new ResponseStatusException(HttpStatus.CONFLICT,
                        "Alert " + id + " is resolved and can no longer be acknowledged");
            }
            return alert;
        });
    }

    /**
     * Body of an acknowledgement or a resolution; both fields optional. {@code by}, if sent, must be the caller's own
     * name (the token's subject), which is recorded in any case.
     */
    record Acknowledgement(@Nullable String by, @Nullable String comment) {
    }

    /** Body of a comment; {@code text} required, {@code by} as in {@link Acknowledgement}. */
    record CommentRequest(@Nullable String by, @Nullable String text) {
    }

    /** 404 for an unknown alert, then the caller's right to change its patient's alerts (403). */
    private void guard(UUID alertId, String id) {
        Alert alert = store.find(alertId).orElseThrow(() -> notFound(id));
        access.check(DataKind.ALERT, Interaction.UPDATE, alert.patientId());
    }

    /** Who does it: the access token's subject; a {@code by} in the body naming someone else is refused. */
    private static String checkedBy(@Nullable String by) {
        String caller = VigilPrincipal.current().map(VigilPrincipal::subject).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.UNAUTHORIZED, "This needs an access token"));
        if (by != null && !by.isBlank() && !by.equals(caller)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "by is taken from your access token ("
                    + (caller.length() > MAX_BY ? caller.substring(0, MAX_BY) : caller)
                    + "); leave it out rather than naming someone else");
        }
        return caller;
    }

    private static @Nullable String checkedComment(@Nullable String comment, String field) {
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    field + " must be at most " + MAX_COMMENT + " characters");
        }
        return comment == null || comment.isBlank() ? null : comment;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No alert with id " + sanitized(id));
    }

    /** The id is the caller's input; keep it short and plain in the answer. */
    private static String sanitized(String id) {
        String plain = id.replaceAll("[^A-Za-z0-9-]", "?");
        return plain.length() > 64 ? plain.substring(0, 64) + "..." : plain;
    }
}
