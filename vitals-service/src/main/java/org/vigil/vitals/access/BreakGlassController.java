package org.vigil.vitals.access;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.VigilPrincipal;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients;

/**
 * Break-glass: a clinician opens a patient outside their care teams, stating why. The grant lasts
 * {@code vigil.security.break-glass-duration}; every access it allows is audited as break-glass, for review.
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
