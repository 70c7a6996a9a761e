package org.vigil.vitals.reading;

import static org.vigil.vitals.Keyset.blankToNull;
import static org.vigil.vitals.Keyset.isBlank;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.common.vitals.VitalType;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Keyset;
import org.vigil.vitals.Problems;

/**
 * Readings for fhir-service (not routed by the gateway): search with keyset paging and counts, the newest readings per
 * type ($lastn), and one reading by its event id.
 */
@RestController
@RequestMapping("/internal/v1/readings")
class InternalReadingController {

    static final int MAX_LAST_N = 100;

    private final ReadingQueries queries;
    private final PatientAccess access;

    InternalReadingController(ReadingQueries queries, PatientAccess access) {
        this.queries = queries;
        this.access = access;
    }

    /** An internal read of patient data is an audit record under the calling service's name (issue 13). */
    private List<ReadingView> recorded(Interaction interaction, List<ReadingView> readings) {
        access.recordAccess(DataKind.OBSERVATION, interaction, readings.stream().map(ReadingView::patientId).toList());
        return readings;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Readings(@Nullable List<ReadingView> readings, @Nullable Long total) {

        static Readings of(List<ReadingView> readings) {
            return new Readings(readings, null);
        }

        static Readings total(long total) {
            return new Readings(null, total);
        }
    }

    /**
     * Readings sorted by (time, id) in {@code order} ({@code asc} by default), or with {@code count=true} only how
     * many there are. A patient or a device is required: an unrestricted scan of every partition is not something to
     * offer.
     */
    @GetMapping
    Readings search(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String deviceId,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String after,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String before,
            @RequestParam(required = false) @Nullable String receivedSince,
            @RequestParam(required = false) @Nullable String readingId,
            @RequestParam(required = false) @Nullable String cursorTime,
            @RequestParam(required = false) @Nullable String cursorId,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String order,
            @RequestParam(required = false) @Nullable String count) {
        if (isBlank(patientId) && isBlank(deviceId)) {
            throw Problems.badRequest("patientId or deviceId is required");
        }
        if (!isBlank(readingId) && isBlank(deviceId)) {
            throw Problems.badRequest("readingId needs deviceId (a reading id is unique per device)");
        }
        boolean ascending = Keyset.ascending(order);
        boolean counting = Keyset.counting(count);
        ReadingQueries.Search search = new ReadingQueries.Search(blankToNull(patientId), ReadingParameters.types(type),
                blankToNull(deviceId), Problems.instant("from", from), Problems.instant("after", after),
                Problems.instant("to", to), Problems.instant("before", before),
                Problems.instant("receivedSince", receivedSince), blankToNull(readingId),
                Keyset.cursor(cursorTime, cursorId, "a reading id"), ReadingParameters.limit(limit), ascending);
        if (counting) {
            return Readings.total(queries.count(search));
        }
        return Readings.of(recorded(Interaction.SEARCH, queries.search(search)));
    }

    /**
     * For each type ({@code type}, comma-separated; every type when absent), the patient's newest {@code max}
     * (1 to 100, default 1) readings by time, grouped by type, newest first.
     */
    @GetMapping("/lastn")
    Readings lastN(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String max) {
        String patient = Problems.required("patientId", patientId);
        List<VitalType> types = ReadingParameters.types(type);
        if (types.isEmpty()) {
            types = Arrays.asList(VitalType.values());
        }
        int newest = 1;
        if (!isBlank(max)) {
            try {
                newest = Integer.parseInt(max.strip());
            } catch (NumberFormatException e) {
                newest = 0;
            }
            if (newest < 1 || newest > MAX_LAST_N) {
                throw Problems.badRequest("max must be a whole number from 1 to " + MAX_LAST_N);
            }
        }
        return Readings.of(recorded(Interaction.SEARCH, queries.lastN(patient, types, newest)));
    }

    @GetMapping("/{id}")
    ReadingView read(@PathVariable String id) {
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("no reading with id " + id);
        }
        ReadingView reading = queries.byId(eventId).orElseThrow(() -> Problems.notFound("no reading with id " + id));
        recorded(Interaction.READ, List.of(reading));
        return reading;
    }
}
