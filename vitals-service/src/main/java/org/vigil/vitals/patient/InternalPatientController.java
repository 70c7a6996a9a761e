package org.vigil.vitals.patient;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients.StoredPatient;
import org.vigil.vitals.patient.Patients.Written;

/** The patients API for fhir-service (not routed by the gateway): create (conditional), update, read, search. */
@RestController
@RequestMapping("/internal/v1/patients")
class InternalPatientController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Patients patients;
    private final PatientAccess access;

    InternalPatientController(Patients patients, PatientAccess access) {
        this.patients = patients;
        this.access = access;
    }

    record Updated(String id, String versionId, Instant lastUpdated) {
    }

    record PatientDocument(String id, String versionId, Instant lastUpdated, @JsonRawValue String resource) {

        static PatientDocument of(StoredPatient patient) {
            return new PatientDocument(patient.id(), patient.versionId(), patient.lastUpdated(), patient.resource());
        }
    }

    record PatientList(List<PatientDocument> patients, long total) {
    }

    /** 201 with the new patient; with {@code ifNoneExist} matching exactly one patient, 200 with that one. */
    @PostMapping
    ResponseEntity<Written> create(@RequestBody NewPatient request,
            @RequestParam(required = false) @Nullable String ifNoneExist) {
        Written written = patients.create(request, ifNoneExist);
        if (!written.created()) {
            return ResponseEntity.ok(written);
        }
        return ResponseEntity.created(URI.create("/internal/v1/patients/" + written.id())).body(written);
    }

    @PutMapping("/{id}")
    Updated update(@PathVariable String id, @RequestBody NewPatient request,
            @RequestParam(required = false) @Nullable String ifMatch) {
        Written written = patients.update(id, request, ifMatch);
        return new Updated(written.id(), written.versionId(), written.lastUpdated());
    }

    @GetMapping("/{id}")
    PatientDocument read(@PathVariable String id) {
        PatientDocument found = patients.find(id).map(PatientDocument::of)
                .orElseThrow(() -> Problems.notFound("no patient with id " + id));
    // An internal read of patient data is an audit record under the calling service's name (issue 13): a service
    // holding the scope can no longer read any patient unseen.
        access.recordAccess(DataKind.PATIENT, Interaction.READ, List.of(found.id()));
        return found;
    }

    /**
     * Patients matching every given criterion: {@code identifier} ({@code system|value} or a value in any system),
     * {@code name} (family or given) and {@code family} (each word begins a name word, case-insensitive),
     * {@code birthdateFrom}/{@code birthdateTo} (inclusive), {@code id} (comma list); by family, given, id.
     */
    @GetMapping
    PatientList search(@RequestParam(required = false) @Nullable String identifier,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String family,
            @RequestParam(required = false) @Nullable String birthdateFrom,
            @RequestParam(required = false) @Nullable String birthdateTo,
            @RequestParam(required = false) @Nullable String id,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String offset) {
        List<String> ids = id == null ? List.of()
                : Arrays.stream(id.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        Patients.Criteria criteria = new Patients.Criteria(blankToNull(identifier), blankToNull(name),
                blankToNull(family), date("birthdateFrom", birthdateFrom), date("birthdateTo", birthdateTo), ids,
                Problems.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), Problems.number("offset", offset, 0, 0, Integer.MAX_VALUE));
        Patients.Found found = patients.search(criteria);
        access.recordAccess(DataKind.PATIENT, Interaction.SEARCH,
                found.patients().stream().map(StoredPatient::id).toList());
        return new PatientList(found.patients().stream().map(PatientDocument::of).toList(), found.total());
    }

    private static @Nullable LocalDate date(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw Problems.badRequest(field + " must be a date such as 1970-05-31");
        }
    }


    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
