package org.vigil.audit.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.vigil.audit.ledger.StoredEvent;
import org.vigil.common.events.AuditRecorded;

/**
 * One audit record as the APIs answer it: every field of {@link AuditRecorded} under its own name, plus its place in
 * the chain ({@code seq}, {@code hash} in hex), {@code storedAt}, and its review when it is a reviewed break-glass
 * record. Absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEventView(long seq, String hash, UUID eventId, Instant recordedAt, Instant storedAt, String service,
        String action, String resource, String outcome, String agent, String agentType, @Nullable String clientId,
        List<String> roles, List<String> patientIds, @Nullable String request, @Nullable String sourceAddress,
        @Nullable String correlationId, @Nullable String reason, boolean breakGlass, @Nullable Review review) {

    /** Who reviewed a break-glass record, when, and what they noted. */
    public record Review(String reviewer, Instant reviewedAt, String note) {
    }

    static AuditEventView of(StoredEvent stored, @Nullable Review review) {
        AuditRecorded r = stored.record();
        return new AuditEventView(stored.seq(), stored.hashHex(), r.eventId(), r.recordedAt(), stored.storedAt(),
                r.service(), r.action(), r.resource(), r.outcome(), r.agent(), r.agentType(), r.clientId(), r.roles(),
                r.patientIds(), r.request(), r.sourceAddress(), r.correlationId(), r.reason(), r.breakGlass(),
                review);
    }
}
