package org.vigil.vitals.summary;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Problems;

/**
 * {@code POST /internal/v1/patient-summaries} (services only, not routed by the gateway): names, birth date,
 * identifiers and care teams of many patients in one call, for alert-service's ward view. The caller has already
 * decided whom its own caller may see; this answers what it asks. A POST because a query string cannot carry 2000 ids.
 */
@RestController
class PatientSummaryController {

    static final int MAX_IDS = 2000;
    private static final int MAX_ID_LENGTH = 64;

    private final PatientSummaries summaries;
    private final PatientAccess access;

    PatientSummaryController(PatientSummaries summaries, PatientAccess access) {
        this.summaries = summaries;
        this.access = access;
    }

    /** {@code ids}: up to 2000 patient ids; or {@code all: true} for every patient. Exactly one of the two. */
    record Request(@Nullable List<@Nullable String> ids, @Nullable Boolean all) {
    }

    @PostMapping("/internal/v1/patient-summaries")
    Map<String, List<PatientSummaries.Summary>> summaries(@RequestBody(required = false) @Nullable Request body) {
        if (body == null) {
            throw Problems.badRequest("a body {\"ids\": [...]} or {\"all\": true} is required");
        }
        boolean all = Boolean.TRUE.equals(body.all());
        if (all == (body.ids() != null)) {
            throw Problems.badRequest("give either ids (a list of patient ids) or all: true");
        }
        if (all) {
            return Map.of("patients", recorded(summaries.find(null)));
        }
        List<@Nullable String> ids = body.ids();
        if (ids.size() > MAX_IDS) {
            throw Problems.badRequest("ids may hold at most " + MAX_IDS + " patient ids");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
                throw Problems.badRequest("ids must be patient ids of 1 to " + MAX_ID_LENGTH + " characters");
            }
            wanted.add(id);
        }
        return Map.of("patients", wanted.isEmpty() ? List.of() : recorded(summaries.find(wanted)));
    }

    /** One audit record per call (not per patient): the ward asks for every row at once. */
    private List<PatientSummaries.Summary> recorded(List<PatientSummaries.Summary> found) {
        // An internal read of patient data is an audit record under the calling service's name (issue 13).
        access.recordAccess(DataKind.PATIENT, Interaction.SEARCH,
                found.stream().map(PatientSummaries.Summary::id).toList());
        return found;
    }
}
