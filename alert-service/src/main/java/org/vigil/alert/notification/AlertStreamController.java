package org.vigil.alert.notification;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/alerts/stream}: every alert change as it is published, as Server-Sent Events named
 * {@code change} whose data is the {@code AlertChanged} JSON of {@code vigil.alert-changed.v1} (the event id is its
 * {@code eventId}).
 */
@RestController
class AlertStreamController {

    private static final Set<String> CATEGORIES = Set.of("clinical", "technical");

    private final AlertStream stream;

    AlertStreamController(AlertStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/api/v1/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String category) {
        if (category != null && !category.isBlank() && !CATEGORIES.contains(category)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "category must be clinical or technical");
        }
        return stream.open(new AlertStream.Filter(patientId == null || patientId.isBlank() ? null : patientId,
                category == null || category.isBlank() ? null : category));
    }
}
