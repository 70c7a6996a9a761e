package org.vigil.alert.news2;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.alert.PatientIds;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;

/**
 * NEWS2 over HTTP: the public latest score and SpO2-scale setting of a patient, and the internal score history that
 * fhir-service maps to FHIR Observations. The score is the patient's OBSERVATION data, the scale ALERT_SETTINGS
 * ({@link PatientAccess}); the internal calls are for services' tokens only (the filter chain).
 */
@RestController
class News2Controller {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int HISTORY_DEFAULT_LIMIT = 500;
    static final int HISTORY_MAX_LIMIT = 5000;
    /** The instants PostgreSQL's timestamptz and java.sql.Timestamp hold, with room to spare. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final News2Scores scores;
    private final News2Settings settings;
    private final PatientAccess access;
    private final Clock clock;

    News2Controller(News2Scores scores, News2Settings settings, PatientAccess access, Clock clock) {
        this.scores = scores;
        this.settings = settings;
        this.access = access;
        this.clock = clock;
    }

    @GetMapping("/api/v1/patients/{id}/news2")
    News2Score.View latest(@PathVariable String id) {
        PatientIds.checked("id", id);
        access.check(DataKind.OBSERVATION, Interaction.READ, id);
        return scores.latest(id).map(News2Score::view).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No NEWS2 score for patient " + id + " yet"));
    }

    /** One point of a patient's NEWS2 chart. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record HistoryPoint(Instant computedAt, @Nullable Integer total, @Nullable String risk, boolean complete,
            int scale) {
    }

    /** The patient's scores for a chart, newest first, within {@code [from, to]} when given. */
    @GetMapping("/api/v1/patients/{id}/news2/history")
    Map<String, List<HistoryPoint>> publicHistory(@PathVariable String id,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String limit) {
        int max = limit(limit, HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT);
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        PatientIds.checked("id", id);
        access.check(DataKind.OBSERVATION, Interaction.SEARCH, id);
        return Map.of("scores", scores.list(id, since, until, max).stream()
                .map(s -> new HistoryPoint(s.computedAt(), s.total(), s.risk(), s.complete(), s.scale())).toList());
    }

    private static int limit(@Nullable String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be a whole number from 1 to " + max);
    }

    @GetMapping("/api/v1/patients/{id}/news2-settings")
    Map<String, Integer> settings(@PathVariable String id) {
        PatientIds.checked("id", id);
        access.check(DataKind.ALERT_SETTINGS, Interaction.READ, id);
        return Map.of("scale", settings.scaleOf(id));
    }

    /** {@code {"scale": 2}} for a patient with a prescribed SpO2 target of 88–92 %, {@code 1} for everyone else. */
    @PutMapping("/api/v1/patients/{id}/news2-settings")
    Map<String, Integer> setSettings(@PathVariable String id, @RequestBody(required = false) @Nullable Scale body) {
        PatientIds.checked("id", id);
        access.check(DataKind.ALERT_SETTINGS, Interaction.UPDATE, id);
        if (body == null || body.scale() == null || (body.scale() != 1 && body.scale() != 2)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "scale must be 1 or 2");
        }
        settings.setScale(id, body.scale(), clock.instant());
        return Map.of("scale", body.scale());
    }

    record Scale(@Nullable Integer scale) {
    }

    /** Newest first. */
    @GetMapping("/internal/v1/patients/{id}/news2/scores")
    Map<String, List<News2Score>> history(@PathVariable String id, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        List<News2Score> found = scores.list(id, instant("from", from), instant("to", to), limit);
        // An internal read of patient data is an audit record under the calling service's name (issue 13).
        access.recordAccess(DataKind.OBSERVATION, Interaction.SEARCH, found.stream().map(News2Score::patientId).toList());
        return Map.of("scores", found);
    }

    @GetMapping("/internal/v1/news2/scores/{id}")
    News2Score one(@PathVariable String id) {
        UUID scoreId;
        try {
            scoreId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        News2Score score = scores.find(scoreId).orElseThrow(() -> notFound(id));
        access.recordAccess(DataKind.OBSERVATION, Interaction.READ, List.of(score.patientId()));
        return score;
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No NEWS2 score " + id);
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
