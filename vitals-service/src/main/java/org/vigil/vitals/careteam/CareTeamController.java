package org.vigil.vitals.careteam;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.SmartScopes;
import org.vigil.service.security.VigilPrincipal;
import org.vigil.vitals.Problems;
import org.vigil.vitals.careteam.CareTeams.CareTeam;

/**
 * The care-teams API. Administrators (or clients with a {@code system/CareTeam} scope) manage teams; a clinician
 * sees the teams they belong to. Every change and every read names the team's patients in the audit trail; a change
 * is recorded in its own transaction, so that it is undone if the audit trail cannot take the record.
 */
@RestController
@RequestMapping("/api/v1/care-teams")
class CareTeamController {

    private static final int MAX_NAME = 200;
    private static final int MAX_SUBJECT = 255;

    private final CareTeams teams;
    private final PatientAccess access;

    CareTeamController(CareTeams teams, PatientAccess access) {
        this.teams = teams;
        this.access = access;
    }

    record NewCareTeam(@Nullable String name) {
    }

    record CareTeamList(List<CareTeam> careTeams) {
    }

    @PostMapping
    @Transactional
    ResponseEntity<CareTeam> create(@RequestBody NewCareTeam request) {
        access.checkKind(DataKind.CARE_TEAM, Interaction.CREATE);
        String name = Problems.required("name", request.name() == null ? null : request.name().strip(), MAX_NAME);
        CareTeam team;
        try {
            team = teams.create(name);
        } catch (DuplicateKeyException e) {
            throw Problems.conflict("a care team named " + name + " already exists");
        }
        access.recordAccess(DataKind.CARE_TEAM, Interaction.CREATE, List.of());
        return ResponseEntity.created(URI.create("/api/v1/care-teams/" + team.id())).body(team);
    }

    /** Every team for those who manage teams; a clinician's own teams otherwise. */
    @GetMapping
    CareTeamList list() {
        List<CareTeam> found;
        Optional<VigilPrincipal> principal = VigilPrincipal.current();
        if (managesAll(principal, Interaction.SEARCH)) {
            found = teams.all();
        } else if (principal.isPresent() && principal.get().hasRole(VigilPrincipal.CLINICIAN)) {
            found = teams.withMember(principal.get().subject());
        } else {
            access.checkKind(DataKind.CARE_TEAM, Interaction.SEARCH);
            found = List.of();
        }
        access.recordAccess(DataKind.CARE_TEAM, Interaction.SEARCH, patientsOf(found));
        return new CareTeamList(found);
    }

    @GetMapping("/{id}")
    CareTeam read(@PathVariable String id) {
        Optional<VigilPrincipal> principal = VigilPrincipal.current();
        Optional<CareTeam> team = teams.find(id);
        boolean member = team.isPresent() && principal.isPresent()
                && principal.get().hasRole(VigilPrincipal.CLINICIAN)
                && team.get().members().contains(principal.get().subject());
        if (!member && !managesAll(principal, Interaction.READ)) {
            access.checkKind(DataKind.CARE_TEAM, Interaction.READ);
        }
        CareTeam found = team.orElseThrow(() -> Problems.notFound("no care team with id " + id));
        access.recordAccess(DataKind.CARE_TEAM, Interaction.READ, found.patients());
        return found;
    }

    @PutMapping("/{id}/members/{subject}")
    @Transactional
    CareTeam addMember(@PathVariable String id, @PathVariable String subject) {
        access.checkKind(DataKind.CARE_TEAM, Interaction.UPDATE);
        CareTeam team = teams.addMember(id, Problems.required("subject", subject, MAX_SUBJECT));
        access.recordAccess(DataKind.CARE_TEAM, Interaction.UPDATE, team.patients());
        return team;
    }

    @DeleteMapping("/{id}/members/{subject}")
    @Transactional
    CareTeam removeMember(@PathVariable String id, @PathVariable String subject) {
        access.checkKind(DataKind.CARE_TEAM, Interaction.UPDATE);
        CareTeam team = teams.removeMember(id, subject);
        access.recordAccess(DataKind.CARE_TEAM, Interaction.UPDATE, team.patients());
        return team;
    }

    @PutMapping("/{id}/patients/{patientId}")
    @Transactional
    CareTeam addPatient(@PathVariable String id, @PathVariable String patientId) {
        access.checkKind(DataKind.CARE_TEAM, Interaction.UPDATE);
        CareTeam team = teams.addPatient(id, patientId);
        access.recordAccess(DataKind.CARE_TEAM, Interaction.UPDATE, List.of(patientId));
        return team;
    }

    @DeleteMapping("/{id}/patients/{patientId}")
    @Transactional
    CareTeam removePatient(@PathVariable String id, @PathVariable String patientId) {
        access.checkKind(DataKind.CARE_TEAM, Interaction.UPDATE);
        CareTeam team = teams.removePatient(id, patientId);
        access.recordAccess(DataKind.CARE_TEAM, Interaction.UPDATE, List.of(patientId));
        return team;
    }

    /** The same rule as {@link PatientAccess#checkKind}, asked without recording a denial. */
    private static boolean managesAll(Optional<VigilPrincipal> principal, Interaction interaction) {
        return principal.isPresent() && (principal.get().hasRole(VigilPrincipal.ADMIN) || principal.get()
                .smartScopes().permits(SmartScopes.SYSTEM, DataKind.CARE_TEAM.resourceType(), interaction));
    }

    private static List<String> patientsOf(List<CareTeam> found) {
        return found.stream().flatMap(t -> t.patients().stream()).distinct().toList();
    }
}
