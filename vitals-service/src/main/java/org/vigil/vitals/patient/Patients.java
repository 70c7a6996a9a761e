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
import org.vigil.vitals.Conditional;
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

    /** The outcome of a write: the patient's id and version, and whether it was created by this request. */
    public record Written(String id, String versionId, Instant lastUpdated, boolean created) {
    }

    /**
     * Creates the patient, unless {@code ifNoneExist} (an identifier criterion) matches: one match is answered as is
     * ({@code created} false), several are a 412. The advisory locks of the identifiers (the body's and the
     * criterion's) are held until commit, so that concurrent conditional creates of one identifier, on any replica,
     * make one patient.
     */
    @Transactional
    public Written create(NewPatient request, @Nullable String ifNoneExist) {
        NewPatient.Input input = request.input();
        String criterion = Conditional.ifNoneExistIdentifier(ifNoneExist);
        List<String> locked = new java.util.ArrayList<>(input.identifiers());
        if (criterion != null) {
            locked.add(criterion);
        }
        Conditional.lock(jdbc, Conditional.PATIENT_IDENTIFIERS, locked);
        if (criterion != null) {
            List<Object> args = new java.util.ArrayList<>();
            String sql = "SELECT id FROM patient WHERE " + Conditional.matches("identifiers", criterion, args)
                    + " ORDER BY id LIMIT 2";
            List<String> matches = jdbc.queryForList(sql, String.class, args.toArray());
            if (matches.size() > 1) {
                throw Problems.preconditionFailed("ifNoneExist matches more than one patient");
            }
            if (matches.size() == 1) {
                Patient existing = repository.findById(matches.getFirst()).orElseThrow();
                return new Written(existing.getId(), Integer.toString(existing.versionId()), existing.lastUpdated(),
                        false);
            }
        }
        LocalDate birth = birthDate(input.birthDate());
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Patient patient = new Patient(id, stamp(input.resource(), id, 1, now), input.identifiers().toArray(String[]::new),
                input.family(), input.given(), birth, now);
        repository.saveAndFlush(patient);
        return new Written(id, "1", now, true);
    }

    /**
     * Replaces the patient's document and search columns: version + 1, meta stamped. 404 for an unknown id, 412 when
     * {@code ifMatch} names another version than the current one.
     */
    @Transactional
    public Written update(String id, NewPatient request, @Nullable String ifMatch) {
        NewPatient.Input input = request.input();
        Integer expected = Conditional.ifMatch(ifMatch);
        LocalDate birth = birthDate(input.birthDate());
        Conditional.lock(jdbc, Conditional.PATIENT_IDENTIFIERS, input.identifiers());
        Patient patient = repository.findForUpdate(id).orElseThrow(() -> Problems.notFound("no patient with id " + id));
        Conditional.checkVersion(expected, patient.versionId(), "patient " + id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int version = patient.versionId() + 1;
        patient.replace(stamp(input.resource(), id, version, now), input.identifiers().toArray(String[]::new),
                input.family(), input.given(), birth, now);
        repository.saveAndFlush(patient);
        return new Written(id, Integer.toString(version), now, false);
    }

    private String stamp(ObjectNode document, String id, int version, Instant now) {
        document.put("resourceType", "Patient");
        document.put("id", id);
        ObjectNode meta = document.putObject("meta");
        meta.put("versionId", Integer.toString(version));
        meta.put("lastUpdated", now.toString());
        return json.writeValueAsString(document);
    }

    /** Search criteria, all ANDed; null (or empty) ones do not restrict. */
    record Criteria(@Nullable String identifier, @Nullable String name, @Nullable String family,
            @Nullable LocalDate birthdateFrom, @Nullable LocalDate birthdateTo, List<String> ids, int limit,
            int offset) {
    }

    record Found(List<StoredPatient> patients, long total) {
    }

    private static final String DOCUMENT = "SELECT id, version_id, last_updated, resource::text AS resource FROM patient";

    private static final RowMapper<StoredPatient> DOCUMENT_ROW = (row, n) -> new StoredPatient(row.getString("id"),
            Integer.toString(row.getInt("version_id")), row.getTimestamp("last_updated").toInstant(),
            row.getString("resource"));

    /** A page of the patients matching every criterion, by family, given names and id, with the total. */
    @Transactional(readOnly = true)
    Found search(Criteria criteria) {
        List<Object> args = new java.util.ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (criteria.identifier() != null) {
            where.append(" AND ").append(Conditional.matches("identifiers", criteria.identifier(), args));
        }
        if (criteria.name() != null) {
            words(where, args, "coalesce(family, '') || ' ' || coalesce(given, '')", criteria.name());
        }
        if (criteria.family() != null) {
            words(where, args, "coalesce(family, '')", criteria.family());
        }
        if (criteria.birthdateFrom() != null) {
            where.append(" AND birth_date >= ?");
            args.add(criteria.birthdateFrom());
        }
        if (criteria.birthdateTo() != null) {
            where.append(" AND birth_date <= ?");
            args.add(criteria.birthdateTo());
        }
        if (!criteria.ids().isEmpty()) {
            where.append(" AND id IN (").append(String.join(", ", java.util.Collections.nCopies(
                    criteria.ids().size(), "?"))).append(')');
            args.addAll(criteria.ids());
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM patient" + where, Long.class, args.toArray());
        List<Object> pageArgs = new java.util.ArrayList<>(args);
        pageArgs.add(criteria.limit());
        pageArgs.add(criteria.offset());
        List<StoredPatient> page = jdbc.query(DOCUMENT + where
                + " ORDER BY lower(family) NULLS LAST, lower(given) NULLS LAST, id LIMIT ? OFFSET ?", DOCUMENT_ROW,
                pageArgs.toArray());
        return new Found(page, total == null ? 0 : total);
    }

    /**
     * Each word of {@code terms} must begin a word of the text (case-insensitive; hyphens separate words): FHIR's
     * "starts with" string search, per name part.
     */
    private static void words(StringBuilder where, List<Object> args, String text, String terms) {
        for (String word : terms.strip().toLowerCase(java.util.Locale.ROOT).split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            where.append(" AND translate(' ' || lower(").append(text).append("), '-', ' ') LIKE ? ESCAPE '\\'");
            args.add("% " + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
    }

    @Transactional(readOnly = true)
    Optional<StoredPatient> find(String id) {
        return repository.findById(id).map(Patients::view);
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
