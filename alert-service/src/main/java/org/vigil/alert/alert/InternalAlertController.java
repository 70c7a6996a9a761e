package org.vigil.alert.alert;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.alert.PatientIds;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;

/**
 * Alerts for other services (fhir-service maps them to FHIR Flags). Services' tokens only ({@code /internal/**}, scope
 * {@code internal:alerts.read}, the filter chain), every answer an audit record under the calling service's name; the calling service decides who may see which patient's alerts.
 */
@RestController
@RequestMapping("/internal/v1/alerts")
class InternalAlertController {

    /** The instants PostgreSQL's timestamptz and java.sql.Timestamp hold, with room to spare. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final AlertStore store;
    private final PatientAccess access;

    InternalAlertController(AlertStore store, PatientAccess access) {
        this.store = store;
        this.access = access;
    }

    /**
     * {@code {"alerts": [...]}}, newest raised first: of one patient, or of every patient if {@code patientId} is
     * absent; {@code status} open, acknowledged or resolved; {@code from}/{@code to} bound the raised time (inclusive,
     * ISO-8601 instants); {@code limit} 1..1000, default 100.
     */
    @GetMapping
    Map<String, List<Alert>> list(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "" + AlertController.DEFAULT_LIMIT) int limit) {
        AlertStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = AlertStatus.fromCode(status).orElseThrow(() -> new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "status must be one of open, acknowledged, resolved"));
        }
        if (limit < 1 || limit > AlertController.MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "limit must be between 1 and " + AlertController.MAX_LIMIT);
        }
        String patient = patientId == null || patientId.isBlank() ? null : PatientIds.checked("patientId", patientId);
        List<Alert> alerts = store.list(patient, null, wanted, null, instant("from", from), instant("to", to), limit);
        // An internal read of patient data is an audit record under the calling service's name (issue 13).
        access.recordAccess(DataKind.ALERT, Interaction.SEARCH, alerts.stream().map(Alert::patientId).toList());
        return Map.of("alerts", alerts);
    }

    /** One alert with its comments; 404 if unknown. */
    @GetMapping("/{id}")
    Alert get(@PathVariable String id) {
        UUID alertId;
        try {
            alertId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        Alert alert = store.findWithComments(alertId).orElseThrow(InternalAlertController::notFound);
        access.recordAccess(DataKind.ALERT, Interaction.READ, List.of(alert.patientId()));
        return alert;
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such alert");
    }

    private static @Nullable Instant instant(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    name + " must be an ISO-8601 instant, e.g. 2026-11-21T10:00:00Z");
        }
        // Instant reaches a billion years; PostgreSQL's timestamptz (and java.sql.Timestamp) do not: a 500 otherwise.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    name + " must be an instant between the years 1 and 9999");
        }
        return instant;
    }
}
