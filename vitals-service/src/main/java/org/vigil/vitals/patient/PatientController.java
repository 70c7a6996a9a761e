package org.vigil.vitals.patient;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.VigilPrincipal;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients.PatientSummary;

/** The dashboard's patient views: the patients the caller may see, and one of them. */
@RestController
@RequestMapping("/api/v1/patients")
class PatientController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final Patients patients;
    private final PatientAccess access;

    PatientController(Patients patients, PatientAccess access) {
        this.patients = patients;
        this.access = access;
    }

    record PatientList(List<PatientSummary> patients) {
    }

    /**
     * Those the caller may see, ordered by family name, {@code limit} (at most 500) from {@code offset}. A clinician
     * with no patients yet gets an empty list; a caller whose role and scopes allow no patient search at all, 403.
     */
    @GetMapping
    PatientList list(@RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String offset) {
        int max = Problems.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        int from = Problems.number("offset", offset, 0, 0, Integer.MAX_VALUE);
        PatientScope scope = access.scope(DataKind.PATIENT, Interaction.SEARCH);
        boolean related = VigilPrincipal.current().map(p -> p.hasRole(VigilPrincipal.CLINICIAN)
                || p.hasRole(VigilPrincipal.PATIENT)).orElse(false);
        if (scope.isEmpty() && !related) {
            access.checkKind(DataKind.PATIENT, Interaction.SEARCH);
        }
        List<PatientSummary> found = scope.all() ? patients.summaries(max, from)
                : patients.summaries(scope.patientIds(), max, from);
        access.recordAccess(DataKind.PATIENT, Interaction.SEARCH, found.stream().map(PatientSummary::id).toList());
        return new PatientList(found);
    }

    @GetMapping("/{id}")
    PatientSummary read(@PathVariable String id) {
        access.check(DataKind.PATIENT, Interaction.READ, id);
        return patients.summary(id).orElseThrow(() -> Problems.notFound("no patient with id " + id));
    }

}
