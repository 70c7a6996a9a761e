package org.vigil.vitals.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Problems;
import org.vigil.vitals.device.Devices.AssignmentView;
import org.vigil.vitals.device.Devices.DeviceView;
import org.vigil.vitals.device.Devices.NewToken;
import org.vigil.vitals.device.Devices.Registered;

/** The public devices API: register a device (its token is shown once), read it, assign it to patients. */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {

    private static final int MAX_FIELD_LENGTH = 200;

    private final Devices devices;
    private final PatientAccess access;

    DeviceController(Devices devices, PatientAccess access) {
        this.devices = devices;
        this.access = access;
    }

    record RegisterDevice(@Nullable String serial, @Nullable String manufacturer, @Nullable String model) {
    }

    /** {@code endRecordedAt}: when the end ({@code to}) was recorded; absent while current and for old ends. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AssignmentJson(String patientId, Instant from, @Nullable Instant to, @Nullable Instant endRecordedAt) {

        static AssignmentJson of(AssignmentView view) {
            return new AssignmentJson(view.patientId(), view.from(), view.to(), view.endRecordedAt());
        }

        static List<AssignmentJson> of(DeviceView device) {
            return device.assignments().stream().map(AssignmentJson::of).toList();
        }
    }

    record DeviceJson(String id, String serial, String manufacturer, String model, Instant createdAt,
            List<AssignmentJson> assignments) {
    }

    record AssignDevice(@Nullable String patientId, @Nullable String from) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AssignmentCreated(String deviceId, String patientId, Instant from, @Nullable Instant to) {
    }

    record AssignmentHistory(String deviceId, List<AssignmentJson> assignments) {
    }

    @PostMapping
    ResponseEntity<Registered> register(@RequestBody RegisterDevice request) {
        access.checkKind(DataKind.DEVICE, Interaction.CREATE);
        String serial = Problems.required("serial", request.serial(), MAX_FIELD_LENGTH);
        String manufacturer = Problems.required("manufacturer", request.manufacturer(), MAX_FIELD_LENGTH);
        String model = Problems.required("model", request.model(), MAX_FIELD_LENGTH);
        Registered registered;
        try {
            registered = devices.register(serial, manufacturer, model);
        } catch (DataIntegrityViolationException e) {
            throw Problems.conflict("a device from manufacturer " + manufacturer + " with serial " + serial
                    + " is already registered");
        }
        return ResponseEntity.created(URI.create("/api/v1/devices/" + registered.id())).body(registered);
    }

    @GetMapping("/{id}")
    DeviceJson read(@PathVariable String id) {
        DeviceView device = authorised(id, Interaction.READ);
        return new DeviceJson(device.id(), device.serial(), device.manufacturer(), device.model(), device.createdAt(),
                AssignmentJson.of(device));
    }

    /**
     * Moves the device onto a patient. Its readings go to whoever wears it, so this takes access to the patient it
     * measures now (their monitoring stops) as well as to the new one (who gets its readings); a device measuring no
     * one concerns only the new patient.
     */
    @PostMapping("/{id}/assignments")
    ResponseEntity<AssignmentCreated> assign(@PathVariable String id, @RequestBody AssignDevice request) {
        String patientId = Problems.required("patientId", request.patientId(), MAX_FIELD_LENGTH);
        Instant from = Problems.instant("from", request.from());
        DeviceView device = devices.find(id).orElseThrow(() -> Problems.notFound("no device with id " + id));
        Optional<String> current = device.currentPatient();
        current.filter(wearer -> !wearer.equals(patientId))
                .ifPresent(wearer -> access.check(DataKind.DEVICE, Interaction.UPDATE, wearer));
        access.check(DataKind.DEVICE, Interaction.UPDATE, patientId);
        AssignmentView assignment = devices.assign(id, patientId, from == null ? Instant.now() : from,
                current.orElse(null));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/devices/" + id + "/assignments"))
                .body(new AssignmentCreated(id, assignment.patientId(), assignment.from(), assignment.to()));
    }

    @GetMapping("/{id}/assignments")
    AssignmentHistory assignments(@PathVariable String id) {
        DeviceView device = authorised(id, Interaction.READ);
        return new AssignmentHistory(device.id(), AssignmentJson.of(device));
    }

    /** A new token for the device (shown once); the previous one works until {@code previousTokenValidUntil}. */
    @PostMapping("/{id}/tokens")
    ResponseEntity<NewToken> rotateToken(@PathVariable String id) {
        authorised(id, Interaction.UPDATE);
        return ResponseEntity.status(HttpStatus.CREATED).body(devices.rotateToken(id));
    }

    /** Refuses every token of the device at once (a lost or stolen device). */
    @DeleteMapping("/{id}/tokens")
    ResponseEntity<Void> revokeTokens(@PathVariable String id) {
        authorised(id, Interaction.UPDATE);
        devices.revokeTokens(id);
        return ResponseEntity.noContent().build();
    }

    /**
     * The device, if the caller may do this with the data of the patient it measures now; an unassigned device
     * concerns no patient, so it takes a role or scope for devices in general.
     */
    private DeviceView authorised(String id, Interaction interaction) {
        DeviceView device = devices.find(id).orElseThrow(() -> Problems.notFound("no device with id " + id));
        device.currentPatient().ifPresentOrElse(
                patientId -> access.check(DataKind.DEVICE, interaction, patientId),
                () -> access.checkKind(DataKind.DEVICE, interaction));
        return device;
    }
}
