package org.vigil.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Someone looked at, changed or was refused health data. Published synchronously (acks=all) by the service that made
 * the access decision, before it answers, on {@link Topics#AUDIT_RECORDED}, keyed by agent; audit-service stores it
 * in a hash chain and serves it as FHIR AuditEvent (IHE Basic Audit Log Patterns). If the record cannot be published,
 * the access fails.
 *
 * @param eventId unique per record; audit-service drops redeliveries by it
 * @param recordedAt when the service decided
 * @param service the deciding service, e.g. {@code vitals-service}
 * @param action one of {@link #READ}, {@link #SEARCH}, {@link #CREATE}, {@link #UPDATE}, {@link #DELETE},
 *     {@link #EXPORT}, {@link #BREAK_GLASS}, {@link #LOGIN}
 * @param resource what was accessed: a FHIR resource type ({@code Observation}, {@code Patient}, {@code Flag},
 *     {@code Device}, {@code CareTeam}, {@code AuditEvent})
 * @param outcome {@link #SUCCESS} or {@link #DENIED}
 * @param agent the token's subject (a user name or client id), the device id, or {@code anonymous}
 * @param agentType {@code user}, {@code client}, {@code device} or {@code anonymous}
 * @param clientId the OAuth client the agent used, when known
 * @param roles the agent's roles
 * @param patientIds the patients whose data was concerned (empty when none, e.g. a refused token)
 * @param request method and path with query, as received
 * @param sourceAddress where the request came from (first X-Forwarded-For hop, else the peer address)
 * @param reason why: the stated break-glass reason, or the denial's reason
 * @param breakGlass the access rests on a break-glass grant and must be reviewed
 */
public record AuditRecorded(
        UUID eventId,
        Instant recordedAt,
        String service,
        String action,
        String resource,
        String outcome,
        String agent,
        String agentType,
        @Nullable String clientId,
        List<String> roles,
        List<String> patientIds,
        @Nullable String request,
        @Nullable String sourceAddress,
        @Nullable String correlationId,
        @Nullable String reason,
        boolean breakGlass) {

    public static final String READ = "read";
    public static final String SEARCH = "search";
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String EXPORT = "export";
    public static final String BREAK_GLASS = "break-glass";
    public static final String LOGIN = "login";

    public static final String SUCCESS = "success";
    public static final String DENIED = "denied";

    public AuditRecorded {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(agentType, "agentType");
        roles = roles == null ? List.of() : List.copyOf(roles);
        patientIds = patientIds == null ? List.of() : List.copyOf(patientIds);
    }
}
