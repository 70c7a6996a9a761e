package org.vigil.vitals.device;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients;

/** The devices that measure or measured a patient: one entry per assignment, newest first. */
@RestController
class PatientDevicesController {

    private final JdbcTemplate jdbc;
    private final Patients patients;
    private final PatientAccess access;

    PatientDevicesController(JdbcTemplate jdbc, Patients patients, PatientAccess access) {
        this.jdbc = jdbc;
        this.patients = patients;
        this.access = access;
    }

    /** A device assigned to the patient over {@code [assignedFrom, assignedTo)}; current while it has no end. */
    record PatientDevice(String deviceId, String serial, String manufacturer, String model, Instant assignedFrom,
            @Nullable Instant assignedTo, boolean current) {
    }

    record PatientDevices(String patientId, List<PatientDevice> devices) {
    }

    @GetMapping("/api/v1/patients/{patientId}/devices")
    PatientDevices devices(@PathVariable String patientId) {
        access.check(DataKind.DEVICE, Interaction.SEARCH, patientId);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        List<PatientDevice> devices = jdbc.query("""
                SELECT a.device_id, d.serial, d.manufacturer, d.model, a.valid_from, a.valid_to
                  FROM device_assignment a JOIN device d ON d.id = a.device_id
                 WHERE a.patient_id = ?
                 ORDER BY a.valid_from DESC, a.id DESC
                """, (row, n) -> {
                    OffsetDateTime to = row.getObject("valid_to", OffsetDateTime.class);
                    return new PatientDevice(row.getString("device_id"), row.getString("serial"),
                            row.getString("manufacturer"), row.getString("model"),
                            row.getObject("valid_from", OffsetDateTime.class).toInstant(),
                            to == null ? null : to.toInstant(), to == null);
                }, patientId);
        return new PatientDevices(patientId, devices);
    }
}
