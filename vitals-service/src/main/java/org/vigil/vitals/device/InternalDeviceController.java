package org.vigil.vitals.device;

import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Problems;
import org.vigil.vitals.device.DeviceController.AssignmentJson;

/**
 * Devices for the other services: how ingest-service authenticates a device (by the SHA-256 of its bearer token, never
 * the token itself), and a device's assignments for alert-service's silent-device watch.
 */
@RestController
@RequestMapping("/internal/v1/devices")
class InternalDeviceController {

    private final Devices devices;

    InternalDeviceController(Devices devices) {
        this.devices = devices;
    }

    /**
     * The device with its whole assignment history, so that ingest can attribute readings by their time, and when the
     * token was issued: a token may not write into an assignment that had ended before it existed (issue 13).
     */
    record DeviceCredentials(String deviceId, boolean active, List<AssignmentJson> assignments,
            Instant tokenIssuedAt) {
    }

    @GetMapping("/by-token-hash/{tokenHash}")
    DeviceCredentials byTokenHash(@PathVariable String tokenHash) {
        return devices.findByTokenHash(tokenHash.toLowerCase(java.util.Locale.ROOT))
                .map(holder -> new DeviceCredentials(holder.device().id(), holder.device().active(),
                        AssignmentJson.of(holder.device()), holder.tokenIssuedAt()))
                .orElseThrow(() -> Problems.notFound("no device has that token"));
    }

    /** The device and its whole assignment history (the public view's shape, for services with no user behind them). */
    @GetMapping("/{id}")
    Devices.DeviceView byId(@PathVariable String id) {
        return devices.find(id).orElseThrow(() -> Problems.notFound("no device " + id));
    }
}
