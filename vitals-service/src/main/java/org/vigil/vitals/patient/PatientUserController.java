package org.vigil.vitals.patient;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Problems;

/**
 * Links a person with the patient role (their token's subject) to their own record, which they may then read. One
 * subject is linked to at most one patient, and one patient to at most one subject.
 *
 * <p>A link lets its login read the record for as long as it lasts, unflagged, so it is an administrator's decision
 * (role {@code admin}, or a client with a {@code system/Patient.u} scope), never a clinician's: not even a care team's
 * or a break-glass grant's (issue 13). An existing link is never replaced silently: unlink first.
 */
@RestController
@RequestMapping("/api/v1/patients/{patientId}/user")
class PatientUserController {

    private static final int MAX_SUBJECT = 255;

    private final JdbcTemplate jdbc;
    private final Patients patients;
    private final PatientAccess access;

    PatientUserController(JdbcTemplate jdbc, Patients patients, PatientAccess access) {
        this.jdbc = jdbc;
        this.patients = patients;
        this.access = access;
    }

    record PatientUser(@Nullable String subject) {
    }

    record Linked(String patientId, String subject) {
    }

    /**
     * Links the subject to this patient; linking the same subject again changes nothing. 409 if the patient is linked to
     * another subject (unlink it first) or the subject to another patient.
     */
    @PutMapping
    @Transactional
    Linked link(@PathVariable String patientId, @RequestBody PatientUser request) {
        access.checkKind(DataKind.PATIENT, Interaction.UPDATE);
        String subject = Problems.required("subject", request.subject() == null ? null : request.subject().strip(),
                MAX_SUBJECT);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        int inserted;
        try {
            // DO NOTHING rather than a check first: of two concurrent links of one patient, one wins and the other
            // sees it below.
            inserted = jdbc.update("""
                    INSERT INTO patient_user (patient_id, subject) VALUES (?, ?)
                    ON CONFLICT (patient_id) DO NOTHING
                    """, patientId, subject);
        } catch (DuplicateKeyException e) {
            throw Problems.conflict("subject " + subject + " is already linked to another patient");
        }
        if (inserted == 0) {
            String linked = jdbc.queryForObject("SELECT subject FROM patient_user WHERE patient_id = ?", String.class,
                    patientId);
            if (!subject.equals(linked)) {
                throw Problems.conflict("patient " + patientId + " is already linked to another login; unlink it"
                        + " first (DELETE /api/v1/patients/" + patientId + "/user)");
            }
        }
        access.recordAccess(DataKind.PATIENT, Interaction.UPDATE, List.of(patientId));
        return new Linked(patientId, subject);
    }

    @DeleteMapping
    @Transactional
    ResponseEntity<Void> unlink(@PathVariable String patientId) {
        access.checkKind(DataKind.PATIENT, Interaction.UPDATE);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        jdbc.update("DELETE FROM patient_user WHERE patient_id = ?", patientId);
        access.recordAccess(DataKind.PATIENT, Interaction.UPDATE, List.of(patientId));
        return ResponseEntity.noContent().build();
    }
}
