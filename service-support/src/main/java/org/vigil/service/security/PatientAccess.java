package org.vigil.service.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.AuditRecorded;
import org.vigil.service.security.PatientRelationships.Relationship;

/**
 * Decides whether the caller of the current request may touch one patient's data of one kind, and records the
 * decision in the audit trail before the service answers. The rules (docs/security.md, "Who sees what"):
 *
 * <ul>
 *   <li>a client with a SMART {@code system/} scope for the kind's resource type and the interaction: every patient;
 *   <li>{@code admin}: patients, devices, care teams and alert settings of every patient, no clinical data;
 *   <li>{@code clinician}: everything of the patients of their care teams, and of those they opened by break-glass
 *       while the grant lasts (flagged for review in the audit trail);
 *   <li>{@code patient}: reading their own record;
 *   <li>a person's token with SMART {@code user/} or {@code patient/} scopes may in addition do no more than those
 *       scopes say.
 * </ul>
 */
public class PatientAccess {

    static final String NO_ACCESS = "You have no access to this patient's data.";
    static final String NOT_ALLOWED = "Your role or scopes do not allow this.";

    private static final Set<DataKind> ADMIN_KINDS =
            EnumSet.of(DataKind.PATIENT, DataKind.DEVICE, DataKind.CARE_TEAM, DataKind.ALERT_SETTINGS, DataKind.AUDIT);
    private static final Set<DataKind> CLINICIAN_KINDS = EnumSet.of(DataKind.PATIENT, DataKind.DEVICE,
            DataKind.OBSERVATION, DataKind.ALERT, DataKind.ALERT_SETTINGS);
    private static final Set<DataKind> PATIENT_KINDS =
            EnumSet.of(DataKind.PATIENT, DataKind.DEVICE, DataKind.OBSERVATION, DataKind.ALERT);

    private final PatientRelationships relationships;
    private final AuditTrail audit;
    private final String service;
    private final Clock clock;

    public PatientAccess(PatientRelationships relationships, AuditTrail audit, String service, Clock clock) {
        this.relationships = relationships;
        this.audit = audit;
        this.service = service;
        this.clock = clock;
    }

    /**
     * Lets the call go on if the caller may do this with this patient's data, recording it; otherwise records the
     * denial and throws {@link PatientAccessDeniedException} (403).
     */
    public void check(DataKind kind, Interaction interaction, String patientId) {
        Optional<VigilPrincipal> principal = VigilPrincipal.current();
        PatientScope scope = principal.map(p -> scope(p, kind, interaction)).orElse(null);
        if (scope == null || !scope.includes(patientId)) {
            record(principal, interaction.auditAction(), kind.resourceType(), AuditRecorded.DENIED,
                    List.of(patientId), "no-access", false);
            throw new PatientAccessDeniedException(NO_ACCESS);
        }
        boolean breakGlass = scope.breakGlass().contains(patientId);
        record(principal, interaction.auditAction(), kind.resourceType(), AuditRecorded.SUCCESS, List.of(patientId),
                breakGlass ? "break-glass grant" : null, breakGlass);
    }

    /**
     * For what concerns no single patient yet (registering a patient or a device, the audit log, a care team):
     * lets the call go on when the caller's role or system scopes allow the kind and interaction for every patient,
     * otherwise records the denial and throws (403). Nothing is recorded on success: record the patients concerned
     * with {@link #recordAccess} once they are known.
     */
    public void checkKind(DataKind kind, Interaction interaction) {
        Optional<VigilPrincipal> principal = VigilPrincipal.current();
        if (principal.isEmpty() || !principal.get().hasRoleOrScopeFor(kind, interaction, ADMIN_KINDS)) {
            record(principal, interaction.auditAction(), kind.resourceType(), AuditRecorded.DENIED, List.of(),
                    "not-allowed", false);
            throw new PatientAccessDeniedException(NOT_ALLOWED);
        }
    }

    /** The patients whose data of this kind the caller may list or search; nothing is recorded. */
    public PatientScope scope(DataKind kind, Interaction interaction) {
        return VigilPrincipal.current().map(p -> scope(p, kind, interaction))
                .orElse(new PatientScope(false, Set.of(), Set.of()));
    }

    /** Records a granted access that named these patients (a search's results, a new patient's id). */
    public void recordAccess(DataKind kind, Interaction interaction, Collection<String> patientIds) {
        Optional<VigilPrincipal> principal = VigilPrincipal.current();
        PatientScope scope = principal.map(p -> scope(p, kind, interaction)).orElse(null);
        boolean breakGlass = scope != null && patientIds.stream().anyMatch(scope.breakGlass()::contains);
        record(principal, interaction.auditAction(), kind.resourceType(), AuditRecorded.SUCCESS,
                List.copyOf(new HashSet<>(patientIds)), breakGlass ? "break-glass grant" : null, breakGlass);
    }

    /**
     * Lets a clinician go on to open this patient's record by break-glass; anyone else is refused (403) and the refusal
     * recorded. Nothing is recorded on success: {@link #recordBreakGlass} records the grant with its reason.
     */
    public void checkBreakGlass(String patientId) {
        Optional<VigilPrincipal> principal = VigilPrincipal.current();
        if (principal.isEmpty() || !principal.get().hasRole(VigilPrincipal.CLINICIAN)) {
            record(principal, AuditRecorded.BREAK_GLASS, DataKind.PATIENT.resourceType(), AuditRecorded.DENIED,
                    List.of(patientId), "not-a-clinician", false);
            throw new PatientAccessDeniedException("Only clinicians may open a patient's record by break-glass.");
        }
    }

    /** Records that the caller opened this patient's record by break-glass, with their reason, for review. */
    public void recordBreakGlass(String patientId, String reason) {
        record(VigilPrincipal.current(), AuditRecorded.BREAK_GLASS, DataKind.PATIENT.resourceType(),
                AuditRecorded.SUCCESS, List.of(patientId), reason, true);
    }

    /**
     * Lets an operator go on with an operation on the platform itself (dead letters), recording nothing; anyone else
     * (clinicians, administrators, patients, clients whatever their scopes) is refused with a 403, and the refusal
     * recorded.
     *
     * @param resource what the operation concerns, for the audit record, e.g. {@code DeadLetter}
     */
    public void checkOperator(Interaction interaction, String resource) {
        Optional<VigilPrincipal> principal = VigilPrincipal.current();
        if (principal.isEmpty() || !principal.get().hasRole(VigilPrincipal.OPERATOR)) {
            record(principal, interaction.auditAction(), resource, AuditRecorded.DENIED, List.of(), "not-an-operator",
                    false);
            throw new PatientAccessDeniedException("Only operators may do this.");
        }
    }

    /**
     * Records an operator's operation that went ahead.
     *
     * @param patientIds the patients whose data the operation touched (none for a listing of metadata)
     * @param detail what was done, naming ids, never content
     */
    public void recordOperation(Interaction interaction, String resource, Collection<String> patientIds,
            String detail) {
        record(VigilPrincipal.current(), interaction.auditAction(), resource, AuditRecorded.SUCCESS,
                List.copyOf(new java.util.LinkedHashSet<>(patientIds)), detail, false);
    }

    /**
     * The patients whose data of this kind {@code owner} may read now: for what outlives the request that made it (a
     * live stream, a subscription), decided again with the same rules from the roles and scopes the owner had then and
     * the relationships of now (cached a few seconds by {@link PatientRelationships}; a break-glass grant counts only
     * until its {@code until}). Nothing is recorded.
     */
    public PatientScope scopeOf(VigilPrincipal owner, DataKind kind, Interaction interaction) {
        return scope(owner, kind, interaction);
    }

    /**
     * Decides again, as {@link #scopeOf}, whether this patient's data may be delivered to {@code owner} now, and
     * records the delivery (a {@code read} by the owner) or its refusal ({@code denied}, reason
     * {@code no-access: delivery withheld}) before it goes out.
     *
     * @param channel what carries it, as the audit record's request, e.g. {@code SSE GET /api/v1/alerts/stream}
     * @return whether it may be sent
     * @throws AuditUnavailableException if the record could not be written: then nothing may be sent
     * @throws RelationshipsUnavailableException if vitals-service could not say whom the owner looks after
     */
    public boolean deliver(VigilPrincipal owner, DataKind kind, String patientId, String channel) {
        PatientScope scope = scope(owner, kind, Interaction.READ);
        RequestFacts facts = new RequestFacts(channel, null, RequestFacts.current().correlationId());
        if (!scope.includes(patientId)) {
            record(Optional.of(owner), Interaction.READ.auditAction(), kind.resourceType(), AuditRecorded.DENIED,
                    List.of(patientId), "no-access: delivery withheld", false, facts);
            return false;
        }
        boolean breakGlass = scope.breakGlass().contains(patientId);
        record(Optional.of(owner), Interaction.READ.auditAction(), kind.resourceType(), AuditRecorded.SUCCESS,
                List.of(patientId), breakGlass ? "delivery under a break-glass grant" : "delivery", breakGlass,
                facts);
        return true;
    }

    private PatientScope scope(VigilPrincipal principal, DataKind kind, Interaction interaction) {
        SmartScopes smart = principal.smartScopes();
        if (kind.permittedBy(smart, SmartScopes.SYSTEM, interaction)) {
            return PatientScope.everyPatient();
        }
        boolean limitedByUserScopes = smart.hasAny(SmartScopes.USER) || smart.hasAny(SmartScopes.PATIENT);
        if (limitedByUserScopes && !kind.permittedBy(smart, SmartScopes.USER, interaction)
                && !kind.permittedBy(smart, SmartScopes.PATIENT, interaction)) {
            return new PatientScope(false, Set.of(), Set.of());
        }
        if (principal.hasRole(VigilPrincipal.ADMIN) && ADMIN_KINDS.contains(kind)) {
            return PatientScope.everyPatient();
        }
        boolean clinician = principal.hasRole(VigilPrincipal.CLINICIAN) && CLINICIAN_KINDS.contains(kind);
        boolean self = principal.hasRole(VigilPrincipal.PATIENT) && PATIENT_KINDS.contains(kind)
                && interaction.isReadOnly();
        if (!clinician && !self) {
            return new PatientScope(false, Set.of(), Set.of());
        }
        Instant now = clock.instant();
        Set<String> ids = new HashSet<>();
        Set<String> breakGlass = new HashSet<>();
        List<Relationship> related = relationships.of(principal.subject());
        for (Relationship r : related) {
            switch (r.basis()) {
                case PatientRelationships.CARE_TEAM -> {
                    if (clinician) {
                        ids.add(r.patientId());
                    }
                }
                case PatientRelationships.BREAK_GLASS -> {
                    if (clinician && r.until() != null && now.isBefore(r.until())) {
                        ids.add(r.patientId());
                        breakGlass.add(r.patientId());
                    }
                }
                case PatientRelationships.SELF -> {
                    if (self) {
                        ids.add(r.patientId());
                    }
                }
                default -> {
                }
            }
        }
        // A patient of one's own care team is not a break-glass access, even while a grant lasts.
        breakGlass.removeIf(id -> related.stream()
                .anyMatch(r -> r.patientId().equals(id) && r.basis().equals(PatientRelationships.CARE_TEAM)));
        return new PatientScope(false, ids, breakGlass);
    }

    private void record(Optional<VigilPrincipal> principal, String action, String resource, String outcome,
            List<String> patientIds, @Nullable String reason, boolean breakGlass) {
        record(principal, action, resource, outcome, patientIds, reason, breakGlass, RequestFacts.current());
    }

    private void record(Optional<VigilPrincipal> principal, String action, String resource, String outcome,
            List<String> patientIds, @Nullable String reason, boolean breakGlass, RequestFacts request) {
        audit.record(new AuditRecorded(UUID.randomUUID(), clock.instant(), service, action, resource, outcome,
                principal.map(VigilPrincipal::subject).orElse("anonymous"),
                principal.map(p -> p.type().code()).orElse("anonymous"),
                principal.map(VigilPrincipal::clientId).orElse(null),
                principal.map(p -> List.copyOf(p.roles())).orElse(List.of()), patientIds, request.request(),
                request.sourceAddress(), request.correlationId(), reason, breakGlass));
    }
}
