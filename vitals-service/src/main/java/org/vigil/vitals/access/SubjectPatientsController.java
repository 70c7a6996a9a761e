package org.vigil.vitals.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.PatientRelationships;

/** Whom a person is related to, for the other services' access checks (not routed by the gateway). */
@RestController
class SubjectPatientsController {

    private final PatientRelationships relationships;

    SubjectPatientsController(PatientRelationships relationships) {
        this.relationships = relationships;
    }

    /** {@code until} only for break-glass, and only grants still in force are listed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RelatedPatient(String patientId, String basis, @Nullable Instant until) {
    }

    record SubjectPatients(String subject, List<RelatedPatient> patients) {
    }

    @GetMapping("/internal/v1/subjects/{subject}/patients")
    SubjectPatients patients(@PathVariable String subject) {
        return new SubjectPatients(subject, relationships.of(subject).stream()
                .map(r -> new RelatedPatient(r.patientId(), r.basis(), r.until())).toList());
    }
}
