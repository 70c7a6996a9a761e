package org.vigil.vitals.device;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.common.events.DeviceChanged;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients;

/** Registers devices and keeps their assignment history; every change is announced after it commits. */
@Service
class Devices {

    private final DeviceRepository repository;
    private final Patients patients;
    private final ApplicationEventPublisher events;

    Devices(DeviceRepository repository, Patients patients, ApplicationEventPublisher events) {
        this.repository = repository;
        this.patients = patients;
        this.events = events;
    }

    record Registered(String id, String token) {
    }

    record AssignmentView(String patientId, Instant from, @Nullable Instant to) {

        static AssignmentView of(Assignment assignment) {
            return new AssignmentView(assignment.patientId(), assignment.from(), assignment.to());
        }
    }

    record DeviceView(String id, String serial, String manufacturer, String model, boolean active, Instant createdAt,
            List<AssignmentView> assignments) {

        static DeviceView of(Device device) {
            return new DeviceView(device.getId(), device.serial(), device.manufacturer(), device.model(),
                    device.active(), device.createdAt(),
                    device.assignments().stream().map(AssignmentView::of).toList());
        }
    }

    /**
     * Registers a device and returns its token, the only time the token exists outside the device.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException if (manufacturer, serial) is already registered;
     *     the unique constraint decides, so that two concurrent registrations cannot both succeed
     */
    @Transactional
    Registered register(String serial, String manufacturer, String model) {
        String token = DeviceTokens.newToken();
        Device device = new Device(UUID.randomUUID().toString(), serial, manufacturer, model, DeviceTokens.hash(token),
                Instant.now());
        repository.saveAndFlush(device);
        events.publishEvent(new DeviceChanged(device.getId(), DeviceChanged.REGISTERED, Instant.now()));
        return new Registered(device.getId(), token);
    }

    @Transactional(readOnly = true)
    Optional<DeviceView> find(String id) {
        return repository.findById(id).map(DeviceView::of);
    }

    @Transactional(readOnly = true)
    Optional<DeviceView> findByTokenHash(String tokenHash) {
        return repository.findByTokenHash(tokenHash).map(DeviceView::of);
    }

    @Transactional
    AssignmentView assign(String deviceId, String patientId, Instant from) {
        Device device = repository.findForUpdate(deviceId)
                .orElseThrow(() -> Problems.notFound("no device with id " + deviceId));
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        Assignment assignment;
        try {
            assignment = device.assignTo(patientId, from);
        } catch (AssignmentRejectedException e) {
            throw Problems.conflict(e.getMessage());
        }
        events.publishEvent(new DeviceChanged(deviceId, DeviceChanged.ASSIGNED, Instant.now()));
        return AssignmentView.of(assignment);
    }
}
