package org.vigil.vitals.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.vitals.Problems;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The patients this service owns. Other features ask it whether a patient exists. */
@Service
public class Patients {

    private final PatientRepository repository;
    private final JsonMapper json;

    Patients(PatientRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public boolean exists(String patientId) {
        return repository.existsById(patientId);
    }

    /** A stored patient, with its FHIR Patient document (id and meta stamped in) as JSON text. */
    record StoredPatient(String id, String versionId, Instant lastUpdated, String resource) {
    }

    @Transactional
    StoredPatient create(JsonNode resource, List<String> identifiers, @Nullable String family, @Nullable String given,
            @Nullable String birthDate) {
        if (!(resource instanceof ObjectNode document)) {
            throw Problems.badRequest("resource must be a FHIR Patient JSON object");
        }
        JsonNode type = document.get("resourceType");
        if (type != null && !"Patient".equals(type.asString())) {
            throw Problems.badRequest("resource must have resourceType Patient");
        }
        for (String identifier : identifiers) {
            if (identifier == null || identifier.isBlank()) {
                throw Problems.badRequest("identifiers must not contain blank entries");
            }
        }
        LocalDate birth = birthDate(birthDate);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        document.put("resourceType", "Patient");
        document.put("id", id);
        ObjectNode meta = document.putObject("meta");
        meta.put("versionId", "1");
        meta.put("lastUpdated", now.toString());
        Patient patient = new Patient(id, json.writeValueAsString(document), identifiers.toArray(String[]::new),
                blankToNull(family), blankToNull(given), birth, now);
        repository.save(patient);
        return view(patient);
    }

    @Transactional(readOnly = true)
    Optional<StoredPatient> find(String id) {
        return repository.findById(id).map(Patients::view);
    }

    @Transactional(readOnly = true)
    List<StoredPatient> findByIdentifier(String identifier) {
        return repository.findByIdentifier(identifier).stream().map(Patients::view).toList();
    }

    private static StoredPatient view(Patient patient) {
        return new StoredPatient(patient.getId(), Integer.toString(patient.versionId()), patient.lastUpdated(),
                patient.resource());
    }

    /** FHIR allows partial dates (1970, 1970-05); only full dates go into the search column. */
    private static @Nullable LocalDate birthDate(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.matches("\\d{4}(-\\d{2})?")) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problems.badRequest("birthDate must be a date such as 1970-05-31");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
