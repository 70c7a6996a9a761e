package org.vigil.vitals.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.common.events.DeviceChanged;
import org.vigil.vitals.Conditional;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients;

/**
 * Devices as FHIR Device resources: versioned records with identifiers, whose patient comes from the assignment
 * history. Creating one issues no token (an administrator rotates one in with {@code POST /api/v1/devices/{id}/tokens});
 * a changed patient ends the current assignment now and starts the new one, announced like any assignment.
 */
@Service
public class DeviceRecords {

    /** Identifier system under which a device's serial number is searchable. */
    public static final String SERIAL_SYSTEM = "urn:vigil:device-serial";

    private final DeviceRepository repository;
    private final Patients patients;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate jdbc;

    DeviceRecords(DeviceRepository repository, Patients patients, ApplicationEventPublisher events, JdbcTemplate jdbc) {
        this.repository = repository;
        this.patients = patients;
        this.events = events;
        this.jdbc = jdbc;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AssignmentRecord(String patientId, Instant from, @Nullable Instant to) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceRecord(String id, String versionId, Instant lastUpdated, String manufacturer, String serial,
            String model, boolean active, List<String> identifiers, @Nullable String patientId,
            List<AssignmentRecord> assignments) {

        static DeviceRecord of(Device device) {
            return new DeviceRecord(device.getId(), Integer.toString(device.versionId()), device.lastUpdated(),
                    device.manufacturer(), device.serial(), device.model(), device.active(), device.identifiers(),
                    device.currentPatient(), device.assignments().stream()
                            .map(a -> new AssignmentRecord(a.patientId(), a.from(), a.to())).toList());
        }
    }

    /** The outcome of a write: the device's id and version, and whether this request created it. */
    public record Written(String id, String versionId, Instant lastUpdated, boolean created) {
    }

    record Found(List<DeviceRecord> devices, long total) {
    }

    @Transactional(readOnly = true)
    Optional<DeviceRecord> find(String id) {
        return repository.findById(id).map(DeviceRecord::of);
    }

    /**
     * Devices matching an identifier (their own, or {@code urn:vigil:device-serial|serial}) and/or ever assigned to a
     * patient, oldest first, with the total.
     */
    @Transactional(readOnly = true)
    Found search(@Nullable String identifier, @Nullable String patientId, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = " WHERE true";
        if (identifier != null) {
            where += " AND (" + matches(identifier, args) + ")";
        }
        if (patientId != null) {
            where += " AND EXISTS (SELECT 1 FROM device_assignment a WHERE a.device_id = d.id AND a.patient_id = ?)";
            args.add(patientId);
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM device d" + where, Long.class, args.toArray());
        args.add(limit);
        args.add(offset);
        List<String> ids = jdbc.queryForList("SELECT d.id FROM device d" + where
                + " ORDER BY d.created_at, d.id LIMIT ? OFFSET ?", String.class, args.toArray());
        List<DeviceRecord> page = new ArrayList<>();
        for (String id : ids) {
            repository.findById(id).map(DeviceRecord::of).ifPresent(page::add);
        }
        return new Found(page, total == null ? 0 : total);
    }

    /**
     * Creates the device unless {@code ifNoneExist} (an identifier criterion) matches one (answered as is) or several
     * (412). 409 when the manufacturer already has a device with that serial; 422 for an unknown patient.
     */
    @Transactional
    public Written create(NewDeviceRecord request, @Nullable String ifNoneExist) {
        NewDeviceRecord.Input input = request.input();
        String criterion = Conditional.ifNoneExistIdentifier(ifNoneExist);
        List<String> locked = new ArrayList<>(input.identifiers());
        locked.add(SERIAL_SYSTEM + "|" + input.serial());
        if (criterion != null) {
            locked.add(criterion);
        }
        Conditional.lock(jdbc, Conditional.DEVICE_IDENTIFIERS, locked);
        if (criterion != null) {
            List<Object> args = new ArrayList<>();
            List<String> matches = jdbc.queryForList("SELECT d.id FROM device d WHERE " + matches(criterion, args)
                    + " ORDER BY d.id LIMIT 2", String.class, args.toArray());
            if (matches.size() > 1) {
                throw Problems.preconditionFailed("ifNoneExist matches more than one device");
            }
            if (matches.size() == 1) {
                Device existing = repository.findById(matches.getFirst()).orElseThrow();
                return new Written(existing.getId(), Integer.toString(existing.versionId()), existing.lastUpdated(),
                        false);
            }
        }
        refuseDuplicate(input, null);
        String patientId = input.patientId();
        if (patientId != null && !patients.exists(patientId)) {
            throw Problems.unprocessable("patientId names no patient: " + patientId);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Device device = new Device(UUID.randomUUID().toString(), input.serial(), input.manufacturer(), input.model(),
                now);
        device.describe(input.serial(), input.manufacturer(), input.model(), input.active(), input.identifiers());
        if (patientId != null) {
            device.assignTo(patientId, now);
        }
        try {
            repository.saveAndFlush(device);
        } catch (DataIntegrityViolationException e) {
            throw duplicate(input);
        }
        events.publishEvent(new DeviceChanged(device.getId(), DeviceChanged.REGISTERED, now));
        if (patientId != null) {
            events.publishEvent(new DeviceChanged(device.getId(), DeviceChanged.ASSIGNED, now));
        }
        return new Written(device.getId(), "1", now, true);
    }

    /**
     * Replaces the device's fields: version + 1. A changed {@code patientId} ends the current assignment now and
     * starts the new one (null only ends it). 404 unknown device, 412 {@code ifMatch} not the current version, 409
     * duplicate serial or an assignment history that cannot be extended now, 422 unknown patient.
     */
    @Transactional
    public Written update(String id, NewDeviceRecord request, @Nullable String ifMatch) {
        NewDeviceRecord.Input input = request.input();
        Integer expected = Conditional.ifMatch(ifMatch);
        List<String> locked = new ArrayList<>(input.identifiers());
        locked.add(SERIAL_SYSTEM + "|" + input.serial());
        Conditional.lock(jdbc, Conditional.DEVICE_IDENTIFIERS, locked);
        Device device = repository.findForUpdate(id).orElseThrow(() -> Problems.notFound("no device with id " + id));
        Conditional.checkVersion(expected, device.versionId(), "device " + id);
        refuseDuplicate(input, id);
        String patientId = input.patientId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean reassigned = false;
        if (patientId == null) {
            reassigned = device.unassign(now);
        } else if (!patientId.equals(device.currentPatient())) {
            if (!patients.exists(patientId)) {
                throw Problems.unprocessable("patientId names no patient: " + patientId);
            }
            try {
                device.assignTo(patientId, now);
            } catch (AssignmentRejectedException e) {
                throw Problems.conflict(e.getMessage());
            }
            reassigned = true;
        }
        device.describe(input.serial(), input.manufacturer(), input.model(), input.active(), input.identifiers());
        device.touch(now);
        try {
            repository.saveAndFlush(device);
        } catch (DataIntegrityViolationException e) {
            throw duplicate(input);
        }
        if (reassigned) {
            events.publishEvent(new DeviceChanged(id, DeviceChanged.ASSIGNED, now));
        }
        return new Written(id, Integer.toString(device.versionId()), now, false);
    }

    @Transactional(readOnly = true)
    public boolean exists(String id) {
        return repository.existsById(id);
    }

    private void refuseDuplicate(NewDeviceRecord.Input input, @Nullable String self) {
        List<String> same = jdbc.queryForList("SELECT id FROM device WHERE manufacturer = ? AND serial = ?",
                String.class, input.manufacturer(), input.serial());
        if (same.stream().anyMatch(other -> !other.equals(self))) {
            throw duplicate(input);
        }
    }

    private static RuntimeException duplicate(NewDeviceRecord.Input input) {
        return Problems.conflict("a device from manufacturer " + input.manufacturer() + " with serial "
                + input.serial() + " is already registered");
    }

    /** The device's own identifiers, or its serial as {@code urn:vigil:device-serial|serial} (or a bare value). */
    private static String matches(String identifier, List<Object> args) {
        String criterion = identifier.strip();
        String condition = Conditional.matches("d.identifiers", criterion, args);
        if (criterion.startsWith(SERIAL_SYSTEM + "|")) {
            args.add(criterion.substring(SERIAL_SYSTEM.length() + 1));
            return condition + " OR d.serial = ?";
        }
        if (!criterion.contains("|") || criterion.startsWith("|")) {
            args.add(Conditional.valueOf(criterion));
            return condition + " OR d.serial = ?";
        }
        return condition;
    }
}
