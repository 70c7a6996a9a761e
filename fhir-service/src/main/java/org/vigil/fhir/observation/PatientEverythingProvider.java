package org.vigil.fhir.observation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.DependencyUnavailableException;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.PlainProvider;
import org.vigil.fhir.Searchset;
import org.vigil.fhir.VitalsApi;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /fhir/Patient/{id}/$everything[?_since=&start=&end=&_count=]}: the Patient, the Devices ever assigned to
 * them ({@code device-records?patientId=}) and their Observations (readings, NEWS2 scores and Observation documents
 * such as vital signs panels, newest first), as a searchset Bundle paged by the same keyset cursor as Observation
 * search: the first page holds the Patient, the Devices and the first {@code _count} Observations, each next page the
 * following Observations.
 *
 * <p>{@code start}/{@code end} bound the Observations' clinical time (a date is its whole day); {@code _since} keeps
 * what changed since then: the Patient and Devices by {@code lastUpdated}, readings and documents by when
 * vitals-service received them, NEWS2 scores by when they were computed.
 *
 * <p>Access: the first page needs PATIENT READ (the one record of it) and holds Devices only if the caller may read
 * the patient's Devices, Observations only if they may search the patient's Observations (recorded as such); each
 * next page needs OBSERVATION SEARCH (recorded).
 */
@Component
public class PatientEverythingProvider implements PlainProvider {

    private static final Set<String> PARAMETERS = Set.of("_since", "start", "end");

    private final VitalsApi vitals;
    private final FhirAccess access;
    private final ObservationSearch search;
    private final ObservationResourceProvider observations;
    private final FhirContext fhir;

    PatientEverythingProvider(VitalsApi vitals, FhirAccess access, ObservationSearch search,
            ObservationResourceProvider observations, FhirContext fhir) {
        this.vitals = vitals;
        this.access = access;
        this.search = search;
        this.observations = observations;
        this.fhir = fhir;
    }

    /** vitals-service's {@code GET /internal/v1/patients/{id}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredPatient(String id, String versionId, Instant lastUpdated, @Nullable JsonNode resource) {
    }

    @Operation(name = "$everything", type = Patient.class, idempotent = true)
    public Bundle everything(@IdParam IdType id,
            @OperationParam(name = "_since", typeName = "instant") @Nullable InstantType since,
            @OperationParam(name = "start", typeName = "date") @Nullable DateType start,
            @OperationParam(name = "end", typeName = "date") @Nullable DateType end,
            @OperationParam(name = "_count", typeName = "integer") @Nullable IntegerType count,
            RequestDetails request) {
        String patientId = id.getIdPart();
        if (patientId == null || patientId.isBlank()) {
            throw new InvalidRequestException("$everything needs a Patient id");
        }
        @Nullable Instant sinceInstant = since == null || since.getValue() == null ? null
                : since.getValue().toInstant();
        TimeBounds bounds = TimeBounds.NONE;
        if (start != null && start.getValueAsString() != null) {
            bounds = bounds.and(new TimeBounds(TimeBounds.span(start.getValueAsString()).start(), null, null, null));
        }
        if (end != null && end.getValueAsString() != null) {
            bounds = bounds.and(new TimeBounds(null, null, null, TimeBounds.span(end.getValueAsString()).end()));
        }
        int limit = CountLimit.of(count == null ? null : count.getValue());
        String[] cursors = request.getParameters().get(PageCursor.PARAM);
        @Nullable PageCursor cursor = cursors == null || cursors.length == 0 || cursors[0].isBlank() ? null
                : PageCursor.decode(cursors[0]);

        List<Resource> resources = new ArrayList<>();
        boolean withObservations;
        if (cursor == null) {
            access.check(DataKind.PATIENT, Interaction.READ, patientId);
            StoredPatient stored = vitals
                    .find(uri -> uri.path("/internal/v1/patients/{id}").build(patientId), StoredPatient.class)
                    .orElseThrow(() -> new ResourceNotFoundException(new IdType("Patient", patientId)));
            if (sinceInstant == null || !stored.lastUpdated().isBefore(sinceInstant)) {
                resources.add(patient(stored));
            }
            if (access.scope(DataKind.DEVICE, Interaction.READ).includes(patientId)) {
                devices(patientId).stream()
                        .filter(d -> sinceInstant == null || d.lastUpdated() == null
                                || !d.lastUpdated().isBefore(sinceInstant))
                        .map(IncludedDeviceMapper::toDevice).forEach(resources::add);
            }
            withObservations = access.scope(DataKind.OBSERVATION, Interaction.SEARCH).includes(patientId);
            if (withObservations) {
                access.recordAccess(DataKind.OBSERVATION, Interaction.SEARCH, List.of(patientId));
            }
        } else {
            access.check(DataKind.OBSERVATION, Interaction.SEARCH, patientId);
            withObservations = true;
        }
        @Nullable PageCursor next = null;
        if (withObservations) {
            ObservationSearch.Page page = search.page(new ObservationSearch.Query(patientId, null,
                    ObservationSearch.ALL_TYPES, true, Set.of(VitalType.VITAL_SIGNS_PANEL_LOINC), bounds, true,
                    sinceInstant), cursor, limit);
            resources.addAll(observations.observations(page.entries()));
            next = page.next();
        }

        return Searchset.page(request, resources, List.of(), next == null ? null
                : NextLinks.link(request, "Patient/" + patientId + "/$everything", PARAMETERS, limit, next.encode()));
    }

    private List<DeviceRecord> devices(String patientId) {
        return vitals.get(uri -> uri.path("/internal/v1/device-records").queryParam("patientId", patientId)
                .queryParam("limit", CountLimit.MAX).build(), DeviceRecords.class).devices();
    }

    private Patient patient(StoredPatient stored) {
        if (stored.resource() == null) {
            throw new DependencyUnavailableException("vitals-service answered a Patient without its document", null);
        }
        Patient patient;
        try {
            patient = fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false))
                    .parseResource(Patient.class, stored.resource().toString());
        } catch (DataFormatException e) {
            throw new DependencyUnavailableException("vitals-service answered a Patient this service cannot read",
                    null);
        }
        patient.setId(new IdType("Patient", stored.id(), stored.versionId()));
        patient.getMeta().setVersionId(stored.versionId()).setLastUpdated(Date.from(stored.lastUpdated()));
        return patient;
    }
}
