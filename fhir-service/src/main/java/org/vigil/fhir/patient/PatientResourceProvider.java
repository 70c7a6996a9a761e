package org.vigil.fhir.patient;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.DependencyUnavailableException;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.IdentifierCondition;
import org.vigil.fhir.InternalQuery;
import org.vigil.fhir.OffsetPage;
import org.vigil.fhir.SearchTokens;
import org.vigil.fhir.VitalsApi;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientScope;

/**
 * The FHIR Patient, kept by vitals-service (document, version and time): create (also conditional, on one
 * identifier), read, update (with {@code If-Match}) and search by {@code identifier}, {@code name}, {@code family},
 * {@code birthdate} and {@code _id}, paged by offset.
 *
 * <p>Access: creating and updating need a role or system scope for every patient ({@code admin},
 * {@code system/Patient.c} / {@code .u}); reading, access to that patient; a search answers only the patients the
 * caller may see (all of them with {@code system/Patient.s} or as admin), and records the ones it returned.
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

    /**
     * With {@code If-None-Exist: identifier=system|value}: 200 and the existing Patient when exactly one has that
     * identifier, 412 when several do; vitals-service serialises creates per identifier, so concurrent conditional
     * creates make one Patient.
     */
    @Create
    public MethodOutcome create(@ResourceParam Patient patient, @ConditionalUrlParam @Nullable String ifNoneExist) {
        access.checkPatientWrite(null);
        @Nullable String condition = IdentifierCondition.of(ifNoneExist, "Patient");
        Patient document = document(patient);
        NewPatient request = PatientFields.of(document, fhir.newJsonParser().encodeResourceToString(document));
        PatientCreated created = vitals.post(InternalQuery.path("/internal/v1/patients")
                .param("ifNoneExist", condition).uri(), request, PatientCreated.class);
        if (created.isNew()) {
            access.recordWrite(DataKind.PATIENT, Interaction.CREATE, List.of(created.id()), "Patient/" + created.id());
        } else {
            access.recordAccess(DataKind.PATIENT, Interaction.CREATE, List.of(created.id()));
        }
        if (!created.isNew() && !access.scope(DataKind.PATIENT, Interaction.READ).includes(created.id())) {
            // A match found by If-None-Exist is someone else's record: a caller who may create Patients but not read
            // this one (system/Patient.c alone) learns where it is (200, Location), never what it holds.
            IdType existing = new IdType("Patient", created.id(), created.versionId());
            MethodOutcome outcome = new MethodOutcome(existing, false);
            outcome.setOperationOutcome(matchedUnread(existing));
            return outcome;
        }
        Patient answered = created.isNew() ? document : fetch(created.id());
        stamp(answered, created.id(), created.versionId(), Date.from(created.lastUpdated()));
        MethodOutcome outcome = new MethodOutcome(answered.getIdElement(), created.isNew());
        outcome.setResource(answered);
        return outcome;
    }

    private static OperationOutcome matchedUnread(IdType existing) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.DUPLICATE)
                .setDiagnostics("If-None-Exist matched " + existing.toUnqualifiedVersionless().getValue()
                        + ", which exists already; nothing was created. Its content is not returned: reading it needs"
                        + " read access to that Patient.");
        return outcome;
    }

    @Read(version = true)
    public Patient read(@IdParam IdType id) {
        String patientId = idPart(id);
        // Before asking vitals-service: a refusal must not tell whether the patient exists.
        access.check(DataKind.PATIENT, Interaction.READ, patientId);
        StoredPatient stored = vitals
                .find(InternalQuery.path("/internal/v1/patients/{id}").with("id", patientId).uri(),
                        StoredPatient.class)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType("Patient", patientId)));
        if (id.hasVersionIdPart() && !id.getVersionIdPart().equals(stored.versionId())) {
            throw new ResourceNotFoundException("Patient/" + patientId + " has no version "
                    + id.getVersionIdPart() + "; only the current version is kept");
        }
        return toPatient(stored);
    }

    /**
     * Replaces the Patient; {@code If-Match: W/"n"} (HAPI puts n into the id's version) makes it conditional on the
     * current version (412 otherwise). Answers the stored Patient with its new version.
     */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Patient patient) {
        String patientId = idPart(id);
        access.checkPatientWrite(patientId);
        @Nullable String ifMatch = id.hasVersionIdPart() ? id.getVersionIdPart() : null;
        if (ifMatch != null && !ifMatch.matches("[0-9]{1,18}")) {
            throw new PreconditionFailedException("If-Match names version " + ifMatch
                    + ", which Patient/" + patientId + " never has (versions are numbers)");
        }
        Patient document = document(patient);
        NewPatient request = PatientFields.of(document, fhir.newJsonParser().encodeResourceToString(document));
        PatientCreated updated = vitals.put(InternalQuery.path("/internal/v1/patients/{id}").with("id", patientId)
                .param("ifMatch", ifMatch).uri(), request, PatientCreated.class, "Patient/" + patientId);
        stamp(document, updated.id(), updated.versionId(), Date.from(updated.lastUpdated()));
        MethodOutcome outcome = new MethodOutcome(document.getIdElement(), false);
        outcome.setResource(document);
        return outcome;
    }

    @Search
    public IBundleProvider search(
            @Description(shortDefinition = "system|value, |value (no system) or value (any system)")
            @OptionalParam(name = Patient.SP_IDENTIFIER) @Nullable TokenParam identifier,
            @Description(shortDefinition = "Case-insensitive start of a word of the family or given name")
            @OptionalParam(name = Patient.SP_NAME) @Nullable StringParam name,
            @Description(shortDefinition = "Case-insensitive start of a word of the family name")
            @OptionalParam(name = Patient.SP_FAMILY) @Nullable StringParam family,
            @Description(shortDefinition = "YYYY, YYYY-MM or YYYY-MM-DD with eq, ge, gt, le or lt; repeat for a range")
            @OptionalParam(name = Patient.SP_BIRTHDATE) @Nullable DateAndListParam birthdate,
            @Description(shortDefinition = "One or more Patient ids, comma-separated")
            @OptionalParam(name = "_id") @Nullable TokenOrListParam ids,
            @Offset @Nullable Integer offset,
            @Count @Nullable Integer count) {
        int first = OffsetPage.offset(offset);
        int limit = CountLimit.of(count);
        BirthDates born = BirthDates.of(birthdate);
        @Nullable Set<String> wanted = ids == null ? null : SearchTokens.ids(ids, "_id");
        PatientScope scope = access.scope(DataKind.PATIENT, Interaction.SEARCH);
        if (!scope.all()) {
            Set<String> visible = new LinkedHashSet<>(scope.filter(wanted == null ? scope.patientIds() : wanted));
            wanted = visible;
        }
        if ((wanted != null && wanted.isEmpty()) || born.isEmpty()) {
            access.recordAccess(DataKind.PATIENT, Interaction.SEARCH, List.of());
            return OffsetPage.of(List.of(), first, limit, 0);
        }
        InternalQuery query = InternalQuery.path("/internal/v1/patients")
                .param("identifier", identifier == null ? null : SearchTokens.identifier(identifier, "identifier"))
                .param("name", startsWith(name, "name"))
                .param("family", startsWith(family, "family"))
                .param("birthdateFrom", born.from())
                .param("birthdateTo", born.to())
                .param("id", wanted == null ? null : String.join(",", wanted.stream().sorted().toList()))
                .param("limit", Math.max(limit, 1))
                .param("offset", first);
        PatientPage page = vitals.get(query.uri(), PatientPage.class);
        List<Patient> patients = new ArrayList<>();
        for (StoredPatient stored : limit == 0 ? List.<StoredPatient>of() : page.patients()) {
            patients.add(toPatient(stored));
        }
        access.recordAccess(DataKind.PATIENT, Interaction.SEARCH,
                patients.stream().map(p -> p.getIdElement().getIdPart()).toList());
        return OffsetPage.of(patients, first, limit, page.total());
    }

    private static @Nullable String startsWith(@Nullable StringParam param, String name) {
        if (param == null) {
            return null;
        }
        if (param.isExact() || param.isContains()) {
            throw new InvalidRequestException(name + ": only the default (starts-with) match is supported, not :"
                    + (param.isExact() ? "exact" : "contains"));
        }
        if (param.getValue() == null || param.getValue().isBlank()) {
            throw new InvalidRequestException(name + " needs a value");
        }
        return param.getValue();
    }

    private Patient fetch(String patientId) {
        return toPatient(vitals
                .find(InternalQuery.path("/internal/v1/patients/{id}").with("id", patientId).uri(),
                        StoredPatient.class)
                .orElseThrow(() -> new DependencyUnavailableException(
                        "vitals-service named a matching Patient it then did not find", null)));
    }

    private Patient toPatient(StoredPatient stored) {
        if (stored.resource() == null) {
            throw new DependencyUnavailableException("vitals-service answered a Patient without its document", null);
        }
        Patient patient = fhir.newJsonParser().parseResource(Patient.class, stored.resource().toString());
        stamp(patient, stored.id(), stored.versionId(), Date.from(stored.lastUpdated()));
        return patient;
    }

    /** The client's Patient without id and meta, which vitals-service assigns. */
    private static Patient document(Patient patient) {
        Patient document = patient.copy();
        document.setIdElement(null);
        document.setMeta(null);
        return document;
    }

    private static String idPart(IdType id) {
        if (!id.hasIdPart() || id.getIdPart().isBlank()) {
            throw new InvalidRequestException("a Patient id is required");
        }
        return id.getIdPart();
    }

    private static void stamp(Patient patient, String id, String versionId, Date lastUpdated) {
        patient.setId(new IdType("Patient", id, versionId));
        patient.getMeta().setVersionId(versionId).setLastUpdated(lastUpdated);
    }
}
