package org.vigil.alert.alert;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The alerts API: list a patient's alerts, read one, acknowledge one. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final int MAX_BY = 200;
    private static final int MAX_COMMENT = 2000;

    private final AlertStore store;
    private final Clock clock;

    AlertController(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Newest first; {@code status} one of open, acknowledged, resolved (all if absent). */
    @GetMapping
    List<Alert> list(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String status,
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
        return store.list(patientId == null || patientId.isBlank() ? null : patientId, wanted, limit);
    }

    @GetMapping("/{id}")
    Alert get(@PathVariable String id) {
        return store.find(parse(id)).orElseThrow(() -> notFound(id));
    }

    /**
     * Acknowledges an open alert. Acknowledging an acknowledged alert changes nothing and answers it as it is, so that
     * a retried request is harmless; a resolved alert cannot be acknowledged (409).
     */
    @PostMapping("/{id}/acknowledge")
    Alert acknowledge(@PathVariable String id, @RequestBody(required = false) @Nullable Acknowledgement body) {
        UUID alertId = parse(id);
        String by = body == null ? null : body.by();
        String comment = body == null ? null : body.comment();
        if (by != null && by.length() > MAX_BY) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "by must be at most " + MAX_BY + " characters");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "comment must be at most " + MAX_COMMENT + " characters");
        }
        return store.acknowledgeIfOpen(alertId, by, comment, clock.instant()).orElseGet(() -> {
            Alert alert = store.find(alertId).orElseThrow(() -> notFound(id));
            if (AlertStatus.RESOLVED.code().equals(alert.status())) {
                throw new ResponseStatusException(HttpStatus.CONFLICT,
                        "Alert " + id + " is resolved and can no longer be acknowledged");
            }
            return alert;
        });
    }

    /** Body of an acknowledgement; both fields optional. */
    record Acknowledgement(@Nullable String by, @Nullable String comment) {
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
