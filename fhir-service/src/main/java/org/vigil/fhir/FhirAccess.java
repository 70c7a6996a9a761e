package org.vigil.fhir;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Collection;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.vigil.service.security.AuditUnavailableException;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientAccessDeniedException;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.RelationshipsUnavailableException;
import org.vigil.service.security.VigilPrincipal;

/**
 * service-support's {@link PatientAccess} as HAPI sees it: the same decisions and audit records, with its refusals
 * turned into HAPI exceptions so that the client gets an OperationOutcome with the right status rather than the 500
 * HAPI answers to any other exception. 403 {@link ForbiddenOperationException}, 401 {@link AuthenticationException},
 * 503 when the audit trail or the care-team lookup is unavailable (nothing was read or changed then, except what
 * {@link #recordWrite} says was written).
 */
@Component
public class FhirAccess {

    static final String NO_TOKEN = "This needs an access token: send Authorization: Bearer <token>.";

    private final PatientAccess access;

    FhirAccess(PatientAccess access) {
        this.access = access;
    }

    /** May the caller do this with this patient's data? Records the decision; throws 403 when not. */
    public void check(DataKind kind, Interaction interaction, String patientId) {
        decide(() -> {
            access.check(kind, interaction, patientId);
            return null;
        }, null);
    }

    /**
     * For what concerns every patient (registering one, the audit log): the caller's role or system scopes must
     * allow it. A denial is recorded and answered 403, with {@code refusal} as the diagnostic when given.
     */
    public void checkKind(DataKind kind, Interaction interaction, @Nullable String refusal) {
        decide(() -> {
            access.checkKind(kind, interaction);
            return null;
        }, refusal);
    }

    /**
     * May the caller create a Patient ({@code patientId} null) or replace this one? The one decision for
     * {@code POST/PUT /fhir/Patient} and for every Patient entry of a transaction or batch Bundle, so that a Bundle can
     * never do what the direct call may not: a role or system scope for Patients of every patient (admin,
     * {@code system/Patient.c} or {@code .u}), and for a replacement access to that patient too. A care team alone
     * does not let a clinician rewrite who a patient is.
     */
    public void checkPatientWrite(@Nullable String patientId) {
        checkKind(DataKind.PATIENT, patientId == null ? Interaction.CREATE : Interaction.UPDATE, null);
        if (patientId != null) {
            check(DataKind.PATIENT, Interaction.UPDATE, patientId);
        }
    }

    /**
     * May the caller register a Device ({@code deviceId} null) or replace this one (which may move it to another
     * patient)? The one decision for {@code POST/PUT /fhir/Device} and every Device entry of a Bundle: a role or system
     * scope for Devices of every patient.
     */
    public void checkDeviceWrite(@Nullable String deviceId) {
        checkKind(DataKind.DEVICE, deviceId == null ? Interaction.CREATE : Interaction.UPDATE, null);
    }

    /** The patients whose data of this kind the caller may search; nothing is recorded. */
    public PatientScope scope(DataKind kind, Interaction interaction) {
        return decide(() -> access.scope(kind, interaction), null);
    }

    /** Records a granted access to these patients' data, before the answer goes out. */
    public void recordAccess(DataKind kind, Interaction interaction, Collection<String> patientIds) {
        decide(() -> {
            access.recordAccess(kind, interaction, patientIds);
            return null;
        }, null);
    }

    /**
     * Records a write that is already committed ({@code written}: what, e.g. "Patient/123"). If the audit trail is
     * unavailable now, the answer must not say that nothing changed: it is a 503 saying that the write was made and its
     * answer withheld, and that a conditional retry (If-None-Exist, If-Match) gets it without writing it twice.
     */
    public void recordWrite(DataKind kind, Interaction interaction, Collection<String> patientIds, String written) {
        try {
            recordAccess(kind, interaction, patientIds);
        } catch (DependencyUnavailableException e) {
            DependencyUnavailableException withheld = new DependencyUnavailableException(written + " was written, but"
                    + " the audit record of it could not be written just now, so the answer is withheld. Retry"
                    + " conditionally (If-None-Exist, If-Match) to get it without writing it twice.", null);
            withheld.addResponseHeader("Retry-After", "5");
            throw withheld;
        }
    }

    private static <T> T decide(Supplier<T> decision, @Nullable String refusal) {
        if (VigilPrincipal.current().isEmpty()) {
            // The filter chain lets no unauthenticated request past but /fhir/metadata; this is the backstop.
            throw new AuthenticationException(NO_TOKEN);
        }
        try {
            return decision.get();
        } catch (PatientAccessDeniedException e) {
            throw new ForbiddenOperationException(refusal != null ? refusal : detail(e));
        } catch (AuditUnavailableException | RelationshipsUnavailableException e) {
            throw unavailable(e);
        }
    }

    private static BaseServerResponseException unavailable(ErrorResponseException e) {
        BaseServerResponseException unavailable = new DependencyUnavailableException(detail(e), null);
        unavailable.addResponseHeader("Retry-After", "5");
        return unavailable;
    }

    private static String detail(ErrorResponseException e) {
        String detail = e.getBody().getDetail();
        return detail == null ? e.getBody().getTitle() == null ? "refused" : e.getBody().getTitle() : detail;
    }
}
