package org.vigil.vitals.patient;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients.StoredPatient;
import tools.jackson.databind.JsonNode;

/** The patients API for fhir-service (not routed by the gateway). */
@RestController
@RequestMapping("/internal/v1/patients")
class InternalPatientController {

    private final Patients patients;

    InternalPatientController(Patients patients) {
        this.patients = patients;
    }

    /** {@code given} may be one name or FHIR's list of given names; the search column holds them space-separated. */
    record NewPatient(@Nullable JsonNode resource, @Nullable List<String> identifiers, @Nullable String family,
            @Nullable JsonNode given, @Nullable String birthDate) {
    }

    record Created(String id, String versionId, Instant lastUpdated) {
    }

    record PatientDocument(String id, String versionId, Instant lastUpdated, @JsonRawValue String resource) {

        static PatientDocument of(StoredPatient patient) {
            return new PatientDocument(patient.id(), patient.versionId(), patient.lastUpdated(), patient.resource());
        }
    }

    record PatientList(List<PatientDocument> patients) {
    }

    @PostMapping
    ResponseEntity<Created> create(@RequestBody NewPatient request) {
        if (request.resource() == null) {
            throw Problems.badRequest("resource is required");
        }
        StoredPatient patient = patients.create(request.resource(),
                request.identifiers() == null ? List.of() : request.identifiers(), request.family(),
                given(request.given()), request.birthDate());
        return ResponseEntity.created(URI.create("/internal/v1/patients/" + patient.id()))
                .body(new Created(patient.id(), patient.versionId(), patient.lastUpdated()));
    }

    @GetMapping("/{id}")
    PatientDocument read(@PathVariable String id) {
        return patients.find(id).map(PatientDocument::of)
                .orElseThrow(() -> Problems.notFound("no patient with id " + id));
    }

    @GetMapping
    PatientList search(@RequestParam(required = false) @Nullable String identifier) {
        String wanted = Problems.required("identifier", identifier);
        if (!wanted.contains("|")) {
            throw Problems.badRequest("identifier must be system|value");
        }
        return new PatientList(patients.findByIdentifier(wanted).stream().map(PatientDocument::of).toList());
    }

    private static @Nullable String given(@Nullable JsonNode given) {
        if (given == null || given.isNull()) {
            return null;
        }
        if (given.isString()) {
            return given.asString();
        }
        if (given.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode name : given) {
                if (name.isString()) {
                    names.add(name.asString());
                }
            }
            return String.join(" ", names);
        }
        throw Problems.badRequest("given must be a string or a list of strings");
    }
}
