package org.vigil.service.security;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which patients a person is related to: through their care teams, as the patient themselves, or by a break-glass
 * grant. vitals-service owns these facts; other services ask it ({@code GET /internal/v1/subjects/{subject}/patients})
 * and cache the answer for a few seconds.
 */
public interface PatientRelationships {

    String CARE_TEAM = "care-team";
    String SELF = "self";
    String BREAK_GLASS = "break-glass";

    List<Relationship> of(String subject);

    /**
     * @param basis {@link #CARE_TEAM}, {@link #SELF} or {@link #BREAK_GLASS}
     * @param until when a break-glass grant ends; null for the others
     */
    record Relationship(String patientId, String basis, @Nullable Instant until) {
    }
}
