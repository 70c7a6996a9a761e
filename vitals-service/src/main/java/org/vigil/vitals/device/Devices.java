package org.vigil.vitals.device;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
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
    private final DeviceCredentials credentials;

    Devices(DeviceRepository repository, Patients patients, ApplicationEventPublisher events,
            DeviceCredentials credentials) {
        this.repository = repository;
        this.patients = patients;
        this.events = events;
        this.credentials = credentials;
    }

    /** A device's new token (shown once) and until when its previous one still works, if it had one. */
    record NewToken(String token, @Nullable Instant previousTokenValidUntil) {
    }

    record Registered(String id, String token) {
    }

    /** {@code endRecordedAt}: when the end was recorded, null while current (and for ends recorded before it was kept). */
    record AssignmentView(String patientId, Instant from, @Nullable Instant to, @Nullable Instant endRecordedAt) {

        static AssignmentView of(Assignment assignment) {
            return new AssignmentView(assignment.patientId(), assignment.from(), assignment.to(),
                    assignment.endRecordedAt());
        }
    }

    record DeviceView(String id, String serial, String manufacturer, String model, boolean active, Instant createdAt,
            List<AssignmentView> assignments) {

        static DeviceView of(Device device) {
            return new DeviceView(device.getId(), device.serial(), device.manufacturer(), device.model(),
                    device.active(), device.createdAt(),
                    device.assignments().stream().map(AssignmentView::of).toList());
        }

        /** The patient the device measures now, if its latest assignment has not ended. */
        Optional<String> currentPatient() {
            if (assignments.isEmpty() || assignments.getLast().to() != null) {
                return Optional.empty();
            }
            return Optional.of(assignments.getLast().patientId());
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
        Instant now = Instant.now();
        Device device = new Device(UUID.randomUUID().toString(), serial, manufacturer, model, now);
        repository.saveAndFlush(device);
        credentials.issueFirst(device.getId(), DeviceTokens.hash(token), now);
        events.publishEvent(new DeviceChanged(device.getId(), DeviceChanged.REGISTERED, Instant.now()));
        return new Registered(device.getId(), token);
    }

    @Transactional(readOnly = true)
    Optional<DeviceView> find(String id) {
        return repository.findById(id).map(DeviceView::of);
    }

    /** A device and when the token it authenticated with was issued. */
    record TokenHolder(DeviceView device, Instant tokenIssuedAt) {
    }

    @Transactional(readOnly = true)
    Optional<TokenHolder> findByTokenHash(String tokenHash) {
        return credentials.issued(tokenHash).flatMap(issued -> repository.findById(issued.deviceId())
                .map(device -> new TokenHolder(DeviceView.of(device), issued.createdAt())));
    }

    /** Gives the device a new token; its previous one keeps working for the grace period. */
    @Transactional
    NewToken rotateToken(String deviceId) {
        repository.findForUpdate(deviceId).orElseThrow(() -> Problems.notFound("no device with id " + deviceId));
        String token = DeviceTokens.newToken();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant previousUntil = credentials.rotate(deviceId, DeviceTokens.hash(token), now);
        events.publishEvent(new DeviceChanged(deviceId, DeviceChanged.CREDENTIALS_CHANGED, now));
        return new NewToken(token, previousUntil);
    }

    /** Refuses every token of the device at once; it needs a new one (rotate) to send again. */
    @Transactional
    void revokeTokens(String deviceId) {
        repository.findForUpdate(deviceId).orElseThrow(() -> Problems.notFound("no device with id " + deviceId));
        Instant now = Instant.now();
        credentials.revokeAll(deviceId, now);
        events.publishEvent(new DeviceChanged(deviceId, DeviceChanged.CREDENTIALS_CHANGED, now));
    }

    /**
     * Moves the device onto the patient from {@code from} on, if it still measures {@code expectedWearer} (null: no
     * one): the caller's access was decided for that wearer, so a device moved meanwhile is a conflict, not a move
     * decided for someone else.
     */
    @Transactional
    AssignmentView assign(String deviceId, String patientId, Instant from, @Nullable String expectedWearer) {
        Device device = repository.findForUpdate(deviceId)
                .orElseThrow(() -> Problems.notFound("no device with id " + deviceId));
        if (!Objects.equals(device.currentPatient(), expectedWearer)) {
            throw Problems.conflict("device " + deviceId + " was moved meanwhile; read it and try again");
        }
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        Assignment assignment;
        try {
            assignment = device.assignTo(patientId, from);
        } catch (AssignmentRejectedException e) {
            throw Problems.conflict(e.getMessage());
        }
        device.touch(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        events.publishEvent(new DeviceChanged(deviceId, DeviceChanged.ASSIGNED, Instant.now()));
        return AssignmentView.of(assignment);
    }
}
