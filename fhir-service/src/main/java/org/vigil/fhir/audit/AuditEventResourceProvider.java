package org.vigil.fhir.audit;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.fhir.AuditApi;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.FhirAccess;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;

/**
 * {@code GET /fhir/AuditEvent?patient=&agent=&date=&_count=}: the audit trail from audit-service, mapped by
 * {@link AuditEventMapper}, oldest first (audit-service's chain order). Only for callers who may read the audit log
 * ({@code admin}, or a {@code system/AuditEvent.s} scope); each search is itself recorded, naming the patients whose
 * records it returned.
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class AuditEventResourceProvider implements IResourceProvider {

    private final AuditApi audit;
    private final FhirAccess access;

    AuditEventResourceProvider(AuditApi audit, FhirAccess access) {
        this.audit = audit;
        this.access = access;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Search
    public List<AuditEvent> search(
            @OptionalParam(name = AuditEvent.SP_PATIENT) @Nullable ReferenceParam patient,
            @OptionalParam(name = AuditEvent.SP_AGENT) @Nullable ReferenceParam agent,
            @OptionalParam(name = AuditEvent.SP_DATE) @Nullable DateRangeParam date,
            @Count @Nullable Integer count) {
        access.checkKind(DataKind.AUDIT, Interaction.SEARCH, null);
        @Nullable String patientId = id(AuditEvent.SP_PATIENT, patient);
        @Nullable String agentId = id(AuditEvent.SP_AGENT, agent);
        @Nullable Instant from = date == null ? null : instant(date.getLowerBoundAsInstant());
        @Nullable Instant to = date == null ? null : instant(date.getUpperBoundAsInstant());
        int limit = CountLimit.of(count);
        if (limit == 0) {
            return List.of();
        }
        AuditEntries page = audit.get(uri -> {
            uri.path("/internal/v1/audit-events");
            if (patientId != null) {
                uri.queryParam("patientId", patientId);
            }
            if (agentId != null) {
                uri.queryParam("agent", agentId);
            }
            if (from != null) {
                uri.queryParam("from", from.toString());
            }
            if (to != null) {
                uri.queryParam("to", to.toString());
            }
            return uri.queryParam("limit", limit).build();
        }, AuditEntries.class);
        List<AuditEntry> entries = page.events().stream().limit(limit).toList();
        Set<String> patients = new LinkedHashSet<>();
        if (patientId != null) {
            patients.add(patientId);
        }
        entries.forEach(e -> patients.addAll(e.patientIds()));
        access.recordAccess(DataKind.AUDIT, Interaction.SEARCH, patients);
        return entries.stream().map(AuditEventMapper::toAuditEvent).toList();
    }

    /** {@code patient=p1} or {@code patient=Patient/p1}; {@code agent=ada} (the token subject the records name). */
    private static @Nullable String id(String name, @Nullable ReferenceParam reference) {
        if (reference == null) {
            return null;
        }
        if (reference.getChain() != null && !reference.getChain().isEmpty()) {
            throw new InvalidRequestException("chained " + name + " searches are not supported");
        }
        String id = reference.getIdPart();
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException(name + " needs a value");
        }
        return id;
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date == null ? null : date.toInstant();
    }
}
