package org.vigil.vitals.patient;

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

    /** Links the subject to this patient, replacing any subject linked before; 409 if it is linked to another. */
    @PutMapping
    @Transactional
    Linked link(@PathVariable String patientId, @RequestBody PatientUser request) {
        access.check(DataKind.PATIENT, Interaction.UPDATE, patientId);
        String subject = Problems.required("subject", request.subject() == null ? null : request.subject().strip(),
                MAX_SUBJECT);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        try {
            jdbc.update("""
                    INSERT INTO patient_user (patient_id, subject) VALUES (?, ?)
                    ON CONFLICT (patient_id) DO UPDATE SET subject = excluded.subject
                    """, patientId, subject);
        } catch (DuplicateKeyException e) {
            throw Problems.conflict("subject " + subject + " is already linked to another patient");
        }
        return new Linked(patientId, subject);
    }

    @DeleteMapping
    @Transactional
    ResponseEntity<Void> unlink(@PathVariable String patientId) {
        access.check(DataKind.PATIENT, Interaction.UPDATE, patientId);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        jdbc.update("DELETE FROM patient_user WHERE patient_id = ?", patientId);
        return ResponseEntity.noContent().build();
    }
}
