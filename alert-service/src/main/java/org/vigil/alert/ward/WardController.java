package org.vigil.alert.ward;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.VigilPrincipal;

/**
 * The ward: {@code GET /api/v1/ward} answers, in one call, a row per patient whose observations the caller may search
 * ({@link PatientAccess#scope}, kind OBSERVATION): a clinician's care teams and break-glass grants, a patient's own
 * record, every patient vitals-service knows for a {@code system/Observation.rs} client, nobody for an admin (an empty
 * list). The patients answered are recorded in the audit trail. {@code GET /api/v1/ward/stream} names the patients of
 * that scope whose rows changed, so that a client refreshes them one by one with {@code ?patientId=}.
 */
@RestController
class WardController {

    private static final int MAX_FILTER = 200;

    private final VitalsPatients vitals;
    private final WardRows rows;
    private final Concurrently concurrently;
    private final WardStream stream;
    private final PatientAccess access;
    private final Clock clock;

    WardController(VitalsPatients vitals, WardRows rows, Concurrently concurrently, WardStream stream,
            PatientAccess access, Clock clock) {
        this.vitals = vitals;
        this.rows = rows;
        this.concurrently = concurrently;
        this.stream = stream;
        this.access = access;
        this.clock = clock;
    }

    /**
     * The rows, most acute first. {@code careTeam}: only patients of that care team; {@code openAlerts=true}: only
     * patients with an active alert; {@code q}: only patients whose family or given name or an identifier's value
     * contains it (case-insensitive). {@code patientId}: that patient's row alone (403 outside the scope; the other
     * filters do not apply).
     */
    @GetMapping("/api/v1/ward")
    Ward ward(@RequestParam(required = false) @Nullable String careTeam,
            @RequestParam(required = false) @Nullable String openAlerts,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String patientId) {
        String team = filter("careTeam", careTeam);
        String text = filter("q", q);
        String patient = filter("patientId", patientId);
        boolean onlyAlerting = flag(openAlerts);
        Instant now = clock.instant();
        if (patient != null) {
            access.check(DataKind.OBSERVATION, Interaction.SEARCH, patient);
            List<VitalsPatients.Summary> summary = vitals.of(List.of(patient));
            if (summary.isEmpty()) {
                // Known to the care team but not (or no longer) to vitals-service: a row without demographics.
                summary = List.of(new VitalsPatients.Summary(patient, null, null, null, List.of(), List.of()));
            }
            return new Ward(now, rows.rows(summary, now));
        }
        PatientScope scope = access.scope(DataKind.OBSERVATION, Interaction.SEARCH);
        if (scope.isEmpty()) {
            return new Ward(now, List.of());
        }
        List<VitalsPatients.Summary> summaries;
        WardRows.State state;
        if (scope.all()) {
            summaries = vitals.all();
            state = rows.state(summaries.stream().map(VitalsPatients.Summary::id).toList());
        } else {
            // The scope names the patients: their summaries and their state are fetched at once.
            var fetched = concurrently.start(() -> vitals.of(scope.patientIds()));
            state = rows.state(scope.patientIds());
            summaries = Concurrently.join(fetched);
        }
        List<VitalsPatients.Summary> wanted = summaries.stream()
                .filter(s -> scope.includes(s.id()))
                .filter(s -> team == null || s.careTeamList().stream().anyMatch(t -> team.equals(t.id())))
                .filter(s -> text == null || matches(s, text.toLowerCase(Locale.ROOT)))
                .toList();
        List<Ward.Row> answer = WardRows.byAcuity(rows.rows(wanted, state, now).stream()
                .filter(row -> !onlyAlerting || row.alerts().clinical().open() + row.alerts().technical().open() > 0)
                .toList());
        if (!answer.isEmpty()) {
            access.recordAccess(DataKind.OBSERVATION, Interaction.SEARCH,
                    answer.stream().map(Ward.Row::patientId).toList());
        }
        return new Ward(now, answer);
    }

    /**
     * Server-Sent Events named {@code ward}, data {@code {"patientIds": [...]}}: patients of the caller's scope as of
     * connecting whose rows changed, at most one event per 500 ms; a {@code :heartbeat} comment every 15 s. The
     * connection is recorded in the audit trail with the patients it covers (none listed: every patient, or none).
     * Each event is decided again (a patient whose care-team link or break-glass grant ended is named no more), and
     * the stream ends when the token it was opened with expires ({@link WardStream}).
     */
    @GetMapping(path = "/api/v1/ward/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        PatientScope scope = access.scope(DataKind.OBSERVATION, Interaction.SEARCH);
        return stream.open(scope, VigilPrincipal.current().orElseThrow(),
                VigilPrincipal.currentTokenExpiry().orElse(null), () -> access.recordAccess(DataKind.OBSERVATION,
                        Interaction.SEARCH, scope.all() ? List.of() : scope.patientIds()));
    }

    private static boolean matches(VitalsPatients.Summary summary, String text) {
        if (contains(summary.family(), text) || contains(summary.given(), text)) {
            return true;
        }
        for (String identifier : summary.identifierList()) {
            int bar = identifier.lastIndexOf('|');
            if (contains(bar < 0 ? identifier : identifier.substring(bar + 1), text)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(@Nullable String value, String lowerText) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(lowerText);
    }

    private static @Nullable String filter(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    name + " must be at most " + MAX_FILTER + " characters");
        }
        return value.strip();
    }

    private static boolean flag(@Nullable String value) {
        if (value == null || value.isBlank() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "openAlerts must be true or false");
    }
}
