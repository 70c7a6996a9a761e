package org.vigil.fhir.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stored audit record as audit-service's {@code GET /internal/v1/audit-events} answers it: the fields of
 * {@code org.vigil.common.events.AuditRecorded} plus its place in the hash chain.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record AuditEntry(long seq, @Nullable String hash, String eventId, Instant recordedAt, String service, String action,
        String resource, String outcome, String agent, String agentType, @Nullable String clientId,
        List<String> roles, List<String> patientIds, @Nullable String request,
        @Nullable String sourceAddress, @Nullable String correlationId, @Nullable String reason, boolean breakGlass) {

    AuditEntry {
        roles = roles == null ? List.of() : List.copyOf(roles);
        patientIds = patientIds == null ? List.of() : List.copyOf(patientIds);
    }
}
