package org.vigil.vitals.access;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.PatientScope;
import org.vigil.service.security.VigilPrincipal;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients;

/**
 * Break-glass: a clinician opens a patient outside their care teams, stating why. The grant lasts
 * {@code vigil.security.break-glass-duration}; every access it allows is audited as break-glass, for review. Clinicians
 * list their own active grants (a banner: "break-glass active until ...").
 */
@RestController
class BreakGlassController {

    static final int MIN_REASON = 10;
    static final int MAX_REASON = 500;

    private final JdbcTemplate jdbc;
    private final Patients patients;
    private final PatientAccess access;
    private final Duration duration;
    private final Clock clock = Clock.systemUTC();

    BreakGlassController(JdbcTemplate jdbc, Patients patients, PatientAccess access,
            @Value("${vigil.security.break-glass-duration:PT1H}") Duration duration) {
        this.jdbc = jdbc;
        this.patients = patients;
        this.access = access;
        this.duration = duration;
    }

    record BreakGlassRequest(@Nullable String reason) {
    }

    record Granted(String patientId, Instant until) {
    }

    /** An active grant: for each patient the one that lasts longest, with its reason. */
    record ActiveGrant(String patientId, Instant until, String reason, Instant grantedAt) {
    }

    record ActiveGrants(List<ActiveGrant> grants) {
    }

    /**
     * The caller's own grants that have not yet run out, soonest to end first. Anyone signed in may ask; only
     * clinicians ever have grants. The patients listed are audited as a search (flagged break-glass).
     */
    @GetMapping("/api/v1/break-glass")
    ActiveGrants active() {
        String subject = VigilPrincipal.current().orElseThrow().subject();
        List<ActiveGrant> grants = jdbc.query("""
                SELECT * FROM (SELECT DISTINCT ON (patient_id) patient_id, until, reason, granted_at
                                 FROM break_glass_grant
                                WHERE subject = ? AND until > ?
                                ORDER BY patient_id, until DESC, granted_at DESC) latest
                 ORDER BY until, patient_id
                """, (row, n) -> new ActiveGrant(row.getString("patient_id"),
                        row.getTimestamp("until").toInstant(), row.getString("reason"),
                        row.getTimestamp("granted_at").toInstant()),
                subject, Timestamp.from(clock.instant()));
        // A token whose SMART scopes do not reach patients sees no patient ids, not even its own grants'.
        PatientScope scope = access.scope(DataKind.PATIENT, Interaction.SEARCH);
        List<ActiveGrant> visible = grants.stream().filter(grant -> scope.includes(grant.patientId())).toList();
        if (!visible.isEmpty()) {
            access.recordAccess(DataKind.PATIENT, Interaction.SEARCH,
                    visible.stream().map(ActiveGrant::patientId).toList());
        }
        return new ActiveGrants(visible);
    }

    @PostMapping("/api/v1/patients/{patientId}/break-glass")
    @Transactional
    ResponseEntity<Granted> breakGlass(@PathVariable String patientId, @RequestBody BreakGlassRequest request) {
        access.checkBreakGlass(patientId);
        String clinician = VigilPrincipal.current().orElseThrow().subject();
        String reason = reason(request.reason());
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        // Milliseconds, so that the answer equals what the database keeps and later reports.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant until = now.plus(duration);
        jdbc.update("INSERT INTO break_glass_grant (id, subject, patient_id, reason, granted_at, until) "
                + "VALUES (?, ?, ?, ?, ?, ?)", UUID.randomUUID(), clinician, patientId, reason,
                Timestamp.from(now), Timestamp.from(until));
        // Recorded inside the transaction: if the audit trail is down, the grant is rolled back with the 503.
        access.recordBreakGlass(patientId, reason);
        return ResponseEntity.created(URI.create("/api/v1/patients/" + patientId)).body(new Granted(patientId, until));
    }

    private static String reason(@Nullable String reason) {
        String stated = Problems.required("reason", reason == null ? null : reason.strip());
        if (stated.length() < MIN_REASON || stated.length() > MAX_REASON) {
            throw Problems.badRequest("reason must be between " + MIN_REASON + " and " + MAX_REASON
                    + " characters: say why you need this patient's record");
        }
        return stated;
    }
}
