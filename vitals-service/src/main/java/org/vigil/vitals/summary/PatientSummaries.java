package org.vigil.vitals.summary;

import java.sql.Array;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Patients with their care teams, two statements whatever their number. */
@Repository
class PatientSummaries {

    record CareTeam(String id, String name) {
    }

    record Summary(String id, @Nullable String family, @Nullable String given, @Nullable String birthDate,
            List<String> identifiers, List<CareTeam> careTeams) {
    }

    private final JdbcTemplate jdbc;

    PatientSummaries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** These patients (unknown ids left out), or every patient when {@code ids} is null; by family, given, id. */
    @Transactional(readOnly = true)
    List<Summary> find(@Nullable Collection<String> ids) {
        String where = ids == null ? "" : " WHERE p.id = ANY (?::varchar[])";
        Object[] args = ids == null ? new Object[0] : new Object[] {ids.toArray(String[]::new)};
        List<Object[]> patients = jdbc.query(
                "SELECT p.id, p.family, p.given, p.birth_date, p.identifiers FROM patient p" + where
                        + " ORDER BY lower(p.family), lower(p.given), p.id",
                (row, n) -> {
                    Date birth = row.getDate("birth_date");
                    Array identifiers = row.getArray("identifiers");
                    return new Object[] {row.getString("id"), row.getString("family"), row.getString("given"),
                            birth == null ? null : birth.toLocalDate().toString(),
                            identifiers == null ? List.of() : List.of((String[]) identifiers.getArray())};
                }, args);
        Map<String, List<CareTeam>> teams = new HashMap<>();
        jdbc.query("SELECT m.patient_id, t.id, t.name FROM care_team_patient m JOIN care_team t ON t.id = m.team_id"
                + (ids == null ? "" : " WHERE m.patient_id = ANY (?::varchar[])") + " ORDER BY t.name, t.id",
                row -> {
                    teams.computeIfAbsent(row.getString("patient_id"), p -> new ArrayList<>())
                            .add(new CareTeam(row.getString("id"), row.getString("name")));
                }, args);
        List<Summary> summaries = new ArrayList<>(patients.size());
        for (Object[] p : patients) {
            @SuppressWarnings("unchecked")
            List<String> identifiers = (List<String>) p[4];
            summaries.add(new Summary((String) p[0], (String) p[1], (String) p[2], (String) p[3], identifiers,
                    List.copyOf(teams.getOrDefault((String) p[0], List.of()))));
        }
        return summaries;
    }
}
