package org.vigil.fhir.patient;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import org.vigil.fhir.DependencyUnavailableException;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.VitalsApi;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;

/**
 * {@code POST /fhir/Patient} and {@code GET /fhir/Patient/{id}[/_history/{version}]}. vitals-service keeps the
 * document and assigns id, version and time; only the current version can be read. Creating needs a role or system
 * scope for every patient ({@code admin}, {@code system/Patient.c}); reading, access to that patient.
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class PatientResourceProvider implements IResourceProvider {

    private final VitalsApi vitals;
    private final FhirContext fhir;
    private final FhirAccess access;

    PatientResourceProvider(VitalsApi vitals, FhirContext fhir, FhirAccess access) {
        this.vitals = vitals;
        this.fhir = fhir;
        this.access = access;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Patient patient) {
        access.checkKind(DataKind.PATIENT, Interaction.CREATE, null);
        Patient document = patient.copy();
        document.setIdElement(null);
        document.setMeta(null);
        NewPatient request = PatientFields.of(document, fhir.newJsonParser().encodeResourceToString(document));
        PatientCreated created = vitals.post("/internal/v1/patients", request, PatientCreated.class);
        access.recordAccess(DataKind.PATIENT, Interaction.CREATE, List.of(created.id()));
        stamp(document, created.id(), created.versionId(), Date.from(created.lastUpdated()));
        MethodOutcome outcome = new MethodOutcome(document.getIdElement(), true);
        outcome.setResource(document);
        return outcome;
    }

    @Read(version = true)
    public Patient read(@IdParam IdType id) {
        if (!id.hasIdPart() || id.getIdPart().isBlank()) {
            throw new InvalidRequestException("a Patient id is required");
        }
        // Before asking vitals-service: a refusal must not tell whether the patient exists.
        access.check(DataKind.PATIENT, Interaction.READ, id.getIdPart());
        StoredPatient stored = vitals
                .find(uri -> uri.path("/internal/v1/patients/{id}").build(id.getIdPart()), StoredPatient.class)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType("Patient", id.getIdPart())));
        if (id.hasVersionIdPart() && !id.getVersionIdPart().equals(stored.versionId())) {
            throw new ResourceNotFoundException("Patient/" + id.getIdPart() + " has no version "
                    + id.getVersionIdPart() + "; only the current version is kept");
        }
        if (stored.resource() == null) {
            throw new DependencyUnavailableException("vitals-service answered a Patient without its document", null);
        }
        Patient patient = fhir.newJsonParser().parseResource(Patient.class, stored.resource().toString());
        stamp(patient, stored.id(), stored.versionId(), Date.from(stored.lastUpdated()));
        return patient;
    }

    private static void stamp(Patient patient, String id, String versionId, Date lastUpdated) {
        patient.setId(new IdType("Patient", id, versionId));
        patient.getMeta().setVersionId(versionId).setLastUpdated(lastUpdated);
    }
}
