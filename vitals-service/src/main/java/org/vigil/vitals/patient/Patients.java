package org.vigil.vitals.patient;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
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
    private final JdbcTemplate jdbc;

    Patients(PatientRepository repository, JsonMapper json, JdbcTemplate jdbc) {
        this.repository = repository;
        this.json = json;
        this.jdbc = jdbc;
    }

    /** What the dashboard lists: names, birth date and identifiers ({@code system|value}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PatientSummary(String id, @Nullable String family, @Nullable String given, @Nullable LocalDate birthDate,
            List<String> identifiers) {
    }

    private static final String SUMMARY = "SELECT id, family, given, birth_date, identifiers FROM patient ";
    private static final String SUMMARY_ORDER = " ORDER BY lower(family), lower(given), id LIMIT ? OFFSET ?";

    private static final RowMapper<PatientSummary> SUMMARY_ROW = (row, n) -> {
        Date birth = row.getDate("birth_date");
        Array identifiers = row.getArray("identifiers");
        return new PatientSummary(row.getString("id"), row.getString("family"), row.getString("given"),
                birth == null ? null : birth.toLocalDate(),
                identifiers == null ? List.of() : List.of((String[]) identifiers.getArray()));
    };

    /** A page of every patient, by family name. */
    @Transactional(readOnly = true)
    List<PatientSummary> summaries(int limit, int offset) {
        return jdbc.query(SUMMARY + SUMMARY_ORDER, SUMMARY_ROW, limit, offset);
    }

    /** A page of these patients (those that exist), by family name. */
    @Transactional(readOnly = true)
    List<PatientSummary> summaries(Collection<String> ids, int limit, int offset) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement(SUMMARY + "WHERE id = ANY (?)" + SUMMARY_ORDER);
            statement.setArray(1, con.createArrayOf("varchar", ids.toArray()));
            statement.setInt(2, limit);
            statement.setInt(3, offset);
            return statement;
        }, SUMMARY_ROW);
    }

    @Transactional(readOnly = true)
    Optional<PatientSummary> summary(String id) {
        return jdbc.query(SUMMARY + "WHERE id = ?", SUMMARY_ROW, id).stream().findFirst();
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
