package org.vigil.vitals.careteam;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients;

/** Care teams, their members (token subjects) and their patients. */
@Service
class CareTeams {

    private final JdbcTemplate jdbc;
    private final Patients patients;

    CareTeams(JdbcTemplate jdbc, Patients patients) {
        this.jdbc = jdbc;
        this.patients = patients;
    }

    record CareTeam(String id, String name, List<String> members, List<String> patients) {
    }

    /**
     * @throws org.springframework.dao.DuplicateKeyException if a team of that name exists (the unique constraint
     *     decides, so two concurrent creations cannot both succeed)
     */
    @Transactional
    CareTeam create(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO care_team (id, name, created_at) VALUES (?, ?, ?)", id, name,
                Timestamp.from(Instant.now()));
        return new CareTeam(id.toString(), name, List.of(), List.of());
    }

    @Transactional(readOnly = true)
    List<CareTeam> all() {
        return load(jdbc.queryForList("SELECT id FROM care_team ORDER BY name", UUID.class));
    }

    @Transactional(readOnly = true)
    List<CareTeam> withMember(String subject) {
        return load(jdbc.queryForList("SELECT t.id FROM care_team t JOIN care_team_member m ON m.team_id = t.id "
                + "WHERE m.subject = ? ORDER BY t.name", UUID.class, subject));
    }

    @Transactional(readOnly = true)
    Optional<CareTeam> find(String id) {
        return parse(id).flatMap(uuid -> load(List.of(uuid)).stream().findFirst());
    }

    @Transactional
    CareTeam addMember(String teamId, String subject) {
        UUID team = existing(teamId);
        jdbc.update("INSERT INTO care_team_member (team_id, subject) VALUES (?, ?) ON CONFLICT DO NOTHING", team,
                subject);
        return load(List.of(team)).getFirst();
    }

    @Transactional
    CareTeam removeMember(String teamId, String subject) {
        UUID team = existing(teamId);
        jdbc.update("DELETE FROM care_team_member WHERE team_id = ? AND subject = ?", team, subject);
        return load(List.of(team)).getFirst();
    }

    @Transactional
    CareTeam addPatient(String teamId, String patientId) {
        UUID team = existing(teamId);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        jdbc.update("INSERT INTO care_team_patient (team_id, patient_id) VALUES (?, ?) ON CONFLICT DO NOTHING", team,
                patientId);
        return load(List.of(team)).getFirst();
    }

    @Transactional
    CareTeam removePatient(String teamId, String patientId) {
        UUID team = existing(teamId);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        jdbc.update("DELETE FROM care_team_patient WHERE team_id = ? AND patient_id = ?", team, patientId);
        return load(List.of(team)).getFirst();
    }

    /** The team's id, locked until the transaction ends so that concurrent changes to one team are serialised. */
    private UUID existing(String teamId) {
        Optional<UUID> id = parse(teamId).flatMap(uuid -> jdbc.queryForList(
                "SELECT id FROM care_team WHERE id = ? FOR UPDATE", UUID.class, uuid).stream().findFirst());
        return id.orElseThrow(() -> Problems.notFound("no care team with id " + teamId));
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private List<CareTeam> load(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // A PostgreSQL array literal: UUIDs need no quoting.
        String array = "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
        Map<UUID, String> names = new LinkedHashMap<>();
        ids.forEach(id -> names.put(id, ""));
        jdbc.query("SELECT id, name FROM care_team WHERE id = ANY (CAST(? AS uuid[]))", row -> {
            names.put(row.getObject("id", UUID.class), row.getString("name"));
        }, array);
        Map<UUID, List<String>> members = new LinkedHashMap<>();
        jdbc.query("SELECT team_id, subject FROM care_team_member WHERE team_id = ANY (CAST(? AS uuid[]))"
                + " ORDER BY subject", row -> {
            members.computeIfAbsent(row.getObject("team_id", UUID.class), k -> new ArrayList<>())
                    .add(row.getString("subject"));
        }, array);
        Map<UUID, List<String>> teamPatients = new LinkedHashMap<>();
        jdbc.query("SELECT team_id, patient_id FROM care_team_patient WHERE team_id = ANY (CAST(? AS uuid[]))"
                + " ORDER BY patient_id",
                row -> {
                    teamPatients.computeIfAbsent(row.getObject("team_id", UUID.class), k -> new ArrayList<>())
                            .add(row.getString("patient_id"));
                }, array);
        List<CareTeam> teams = new ArrayList<>();
        names.forEach((id, name) -> {
            if (!name.isEmpty()) {
                teams.add(new CareTeam(id.toString(), name, List.copyOf(members.getOrDefault(id, List.of())),
                        List.copyOf(teamPatients.getOrDefault(id, List.of()))));
            }
        });
        return teams;
    }
}
