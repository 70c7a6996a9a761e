package org.vigil.vitals.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Problems;
import org.vigil.vitals.device.Devices.AssignmentView;
import org.vigil.vitals.device.Devices.DeviceView;
import org.vigil.vitals.device.Devices.Registered;

/** The public devices API: register a device (its token is shown once), read it, assign it to patients. */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {

    private static final int MAX_FIELD_LENGTH = 200;

    private final Devices devices;

    DeviceController(Devices devices) {
        this.devices = devices;
    }

    record RegisterDevice(@Nullable String serial, @Nullable String manufacturer, @Nullable String model) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AssignmentJson(String patientId, Instant from, @Nullable Instant to) {

        static AssignmentJson of(AssignmentView view) {
            return new AssignmentJson(view.patientId(), view.from(), view.to());
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
        DeviceView device = devices.find(id).orElseThrow(() -> Problems.notFound("no device with id " + id));
        return new DeviceJson(device.id(), device.serial(), device.manufacturer(), device.model(), device.createdAt(),
                AssignmentJson.of(device));
    }

    @PostMapping("/{id}/assignments")
    ResponseEntity<AssignmentCreated> assign(@PathVariable String id, @RequestBody AssignDevice request) {
        String patientId = Problems.required("patientId", request.patientId());
        Instant from = Problems.instant("from", request.from());
        AssignmentView assignment = devices.assign(id, patientId, from == null ? Instant.now() : from);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/devices/" + id + "/assignments"))
                .body(new AssignmentCreated(id, assignment.patientId(), assignment.from(), assignment.to()));
    }

    @GetMapping("/{id}/assignments")
    AssignmentHistory assignments(@PathVariable String id) {
        DeviceView device = devices.find(id).orElseThrow(() -> Problems.notFound("no device with id " + id));
        return new AssignmentHistory(device.id(), AssignmentJson.of(device));
    }
}
