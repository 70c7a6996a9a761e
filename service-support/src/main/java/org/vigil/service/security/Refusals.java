package org.vigil.service.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.common.events.AuditRecorded;

/**
 * Records refused requests in the audit trail, best effort: a refusal stands whether or not its record could be
 * written (a caller refused is never told 503 instead of 401 or 403), and a lost record is logged by its reason code
 * only. For refusals decided outside {@link PatientAccess}: the filter chain's 401 and 403, a device's refused write.
 */
public class Refusals {

    private static final Logger log = LoggerFactory.getLogger(Refusals.class);

    private final AuditTrail audit;
    private final String service;
    private final Clock clock;

    public Refusals(AuditTrail audit, String service, Clock clock) {
        this.audit = audit;
        this.service = service;
        this.clock = clock;
    }

    /** Who was refused, as the audit record names them. */
    public record Agent(String id, String type, @Nullable String clientId, List<String> roles) {

        public static Agent anonymous() {
            return new Agent("anonymous", "anonymous", null, List.of());
        }

        public static Agent device(String deviceId) {
            return new Agent(deviceId, "device", null, List.of());
        }

        /** The caller of the current request, or anonymous when it presented no valid token. */
        public static Agent current() {
            return VigilPrincipal.current()
                    .map(p -> new Agent(p.subject(), p.type().code(), p.clientId(), List.copyOf(p.roles())))
                    .orElse(anonymous());
        }
    }

    /**
     * What a record says about the refused request (its line, source address and correlation id), taken while the
     * request is at hand, for a record written later: a summary of refusals coalesced over an interval.
     */
    public record Request(@Nullable String line, @Nullable String sourceAddress, @Nullable String correlationId) {

        public static Request of(HttpServletRequest request) {
            RequestFacts facts = RequestFacts.of(request);
            return new Request(facts.request(), facts.sourceAddress(), facts.correlationId());
        }
    }

    /**
     * @param action an {@link AuditRecorded} action, e.g. {@link AuditRecorded#CREATE}
     * @param resource the FHIR resource type concerned, or {@code unknown}
     * @param reason a short code, e.g. {@code invalid-token}, {@code credentials-revoked}
     */
    public void record(HttpServletRequest request, Agent agent, String action, String resource,
            List<String> patientIds, String reason) {
        record(Request.of(request), agent, action, resource, patientIds, reason);
    }

    /** As {@link #record(HttpServletRequest, Agent, String, String, List, String)}, for a request no longer at hand. */
    public void record(Request request, Agent agent, String action, String resource, List<String> patientIds,
            String reason) {
        RequestFacts facts = new RequestFacts(request.line(), request.sourceAddress(), request.correlationId());
        try {
            audit.record(new AuditRecorded(UUID.randomUUID(), clock.instant(), service, action, resource,
                    AuditRecorded.DENIED, agent.id(), agent.type(), agent.clientId(), agent.roles(), patientIds,
                    facts.request(), facts.sourceAddress(), facts.correlationId(), reason, false));
        } catch (RuntimeException e) {
            log.warn("A refused request ({}) could not be audited ({}); it is refused all the same", reason,
                    e.getClass().getSimpleName());
        }
    }
}
