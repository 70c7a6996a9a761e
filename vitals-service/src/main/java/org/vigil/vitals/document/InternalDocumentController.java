package org.vigil.vitals.document;

import static org.vigil.vitals.Keyset.blankToNull;
import static org.vigil.vitals.Keyset.isBlank;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Keyset;
import org.vigil.vitals.Problems;

/**
 * Observation documents for fhir-service (not routed by the gateway): one by id, and a search with keyset paging and
 * counts whose parameters mean what they mean for {@code /internal/v1/readings}, so that fhir-service merges both
 * sources with one cursor.
 */
@RestController
@RequestMapping("/internal/v1/observation-documents")
class InternalDocumentController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** A code as the table holds it (varchar(32)): LOINC codes such as 85353-1, SNOMED CT ids. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.\\-]{0,31}");

    private final DocumentQueries queries;

    InternalDocumentController(DocumentQueries queries) {
        this.queries = queries;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Documents(@Nullable List<DocumentView> documents, @Nullable Long total) {
    }

    /**
     * Documents sorted by (time, id) in {@code order} ({@code asc} by default), or with {@code count=true} only how
     * many there are. A patient or a device is required, as for readings.
     */
    @GetMapping
    Documents search(@RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String deviceId,
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String after,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String before,
            @RequestParam(required = false) @Nullable String receivedSince,
            @RequestParam(required = false) @Nullable String cursorTime,
            @RequestParam(required = false) @Nullable String cursorId,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String order,
            @RequestParam(required = false) @Nullable String count) {
        if (isBlank(patientId) && isBlank(deviceId)) {
            throw Problems.badRequest("patientId or deviceId is required");
        }
        boolean ascending = Keyset.ascending(order);
        boolean counting = Keyset.counting(count);
        DocumentQueries.Search search = new DocumentQueries.Search(blankToNull(patientId), blankToNull(deviceId),
                codes(code), Problems.instant("from", from), Problems.instant("after", after),
                Problems.instant("to", to), Problems.instant("before", before),
                Problems.instant("receivedSince", receivedSince),
                Keyset.cursor(cursorTime, cursorId, "a document id"),
                Problems.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), ascending);
        if (counting) {
            return new Documents(null, queries.count(search));
        }
        return new Documents(queries.search(search), null);
    }

    /** One document; an id that is not a UUID names no document, so it is a 404 as well. */
    @GetMapping("/{id}")
    DocumentView read(@PathVariable String id) {
        UUID documentId;
        try {
            documentId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("no Observation document with id " + id);
        }
        return queries.byId(documentId)
                .orElseThrow(() -> Problems.notFound("no Observation document with id " + id));
    }

    /** One code or a comma-separated list; empty when absent. Duplicates are kept once. */
    private static List<String> codes(@Nullable String codes) {
        if (isBlank(codes)) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        for (String code : codes.split(",")) {
            if (code.isBlank()) {
                continue;
            }
            if (!CODE.matcher(code.strip()).matches()) {
                throw Problems.badRequest("code must be one or more (comma-separated) codes such as 85353-1:"
                        + " letters, digits, '.' and '-', at most 32 characters each");
            }
            found.add(code.strip());
        }
        return List.copyOf(found);
    }
}
