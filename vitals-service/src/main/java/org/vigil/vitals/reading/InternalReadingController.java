package org.vigil.vitals.reading;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Problems;

/** Readings for fhir-service (not routed by the gateway): search, and one reading by its event id. */
@RestController
@RequestMapping("/internal/v1/readings")
class InternalReadingController {

    private final ReadingQueries queries;

    InternalReadingController(ReadingQueries queries) {
        this.queries = queries;
    }

    record Readings(List<ReadingView> readings) {
    }

    /**
     * Readings with {@code from <= time <= to} (either may be absent), ordered by time ({@code asc} by default). A
     * patient or a device is required: an unrestricted scan of every partition is not something to offer.
     */
    @GetMapping
    Readings search(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String deviceId,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String order) {
        if (isBlank(patientId) && isBlank(deviceId)) {
            throw Problems.badRequest("patientId or deviceId is required");
        }
        Instant start = Problems.instant("from", from);
        Instant end = Problems.instant("to", to);
        boolean ascending;
        if (order == null || order.isBlank() || order.equalsIgnoreCase("asc")) {
            ascending = true;
        } else if (order.equalsIgnoreCase("desc")) {
            ascending = false;
        } else {
            throw Problems.badRequest("order must be asc or desc");
        }
        ReadingQueries.Search search = new ReadingQueries.Search(isBlank(patientId) ? null : patientId,
                ReadingParameters.type(type), isBlank(deviceId) ? null : deviceId, start, end,
                ReadingParameters.limit(limit), ascending);
        return new Readings(queries.search(search));
    }

    @GetMapping("/{id}")
    ReadingView read(@PathVariable String id) {
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("no reading with id " + id);
        }
        return queries.byId(eventId).orElseThrow(() -> Problems.notFound("no reading with id " + id));
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
