package org.vigil.alert.notification;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.vigil.alert.PatientIds;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.VigilPrincipal;

/**
 * {@code GET /api/v1/alerts/stream}: every alert change as it is published, as Server-Sent Events named
 * {@code change} whose data is the {@code AlertChanged} JSON of {@code vigil.alert-changed.v1} (the event id is its
 * {@code eventId}).
 *
 * <p>A client receives only the changes of the patients whose alerts it may search ({@code PatientAccess.scope}) when
 * it connects: its care teams' patients for a clinician, its own record for a patient, every patient for a
 * {@code system/Flag.rs} client, none for an admin. Asking for one {@code patientId} outside that scope is 403. The
 * connection is recorded in the audit trail with the patients it covers (none listed: every patient, or none).
 * A relationship gained later needs a new connection (EventSource clients reconnect by themselves); one lost, or a
 * break-glass grant ended, withholds the patient's changes from then on, and every change sent or withheld is recorded
 * in the audit trail ({@link AlertStream}). The stream ends when the token it was opened with expires.
 */
@RestController
class AlertStreamController {

    private static final Set<String> CATEGORIES = Set.of("clinical", "technical");

    private final AlertStream stream;
    private final PatientAccess access;

    AlertStreamController(AlertStream stream, PatientAccess access) {
        this.stream = stream;
        this.access = access;
    }

    @GetMapping(path = "/api/v1/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String category) {
        if (category != null && !category.isBlank() && !CATEGORIES.contains(category)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "category must be clinical or technical");
        }
        String patient = patientId == null || patientId.isBlank() ? null : PatientIds.checked("patientId", patientId);
        PatientScope scope = access.scope(DataKind.ALERT, Interaction.SEARCH);
        if (patient != null && !scope.includes(patient)) {
            // A patient the caller may not see is a 403 (audited as denied) whether or not they have streams to spare.
            access.check(DataKind.ALERT, Interaction.SEARCH, patient);
        }
        VigilPrincipal owner = VigilPrincipal.current().orElseThrow();
        // Recorded once the stream has its place: a stream refused for too many (429) is not an access.
        return stream.open(new AlertStream.Filter(patient, category == null || category.isBlank() ? null : category,
                scope), new AlertStream.Owner(owner, VigilPrincipal.currentTokenExpiry().orElse(null)), () -> {
                    if (patient != null) {
                        access.check(DataKind.ALERT, Interaction.SEARCH, patient);
                    } else {
                        access.recordAccess(DataKind.ALERT, Interaction.SEARCH,
                                scope.all() ? List.of() : scope.patientIds());
                    }
                });
    }
}
