package org.vigil.vitals.device;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Problems;
import org.vigil.vitals.device.DeviceRecords.DeviceRecord;
import org.vigil.vitals.device.DeviceRecords.Written;

/** Devices as FHIR Device resources, for fhir-service (not routed by the gateway). */
@RestController
@RequestMapping("/internal/v1/device-records")
class InternalDeviceRecordController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DeviceRecords records;

    InternalDeviceRecordController(DeviceRecords records) {
        this.records = records;
    }

    record DeviceList(List<DeviceRecord> devices, long total) {
    }

    record Updated(String id, String versionId, Instant lastUpdated) {
    }

    @GetMapping("/{id}")
    DeviceRecord read(@PathVariable String id) {
        return records.find(id).orElseThrow(() -> Problems.notFound("no device with id " + id));
    }

    @GetMapping
    DeviceList search(@RequestParam(required = false) @Nullable String identifier,
            @RequestParam(required = false) @Nullable String patientId,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String offset) {
        DeviceRecords.Found found = records.search(blankToNull(identifier), blankToNull(patientId),
                Problems.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), Problems.number("offset", offset, 0, 0, Integer.MAX_VALUE));
        return new DeviceList(found.devices(), found.total());
    }

    /** 201 with the new device; with {@code ifNoneExist} matching exactly one device, 200 with that one. */
    @PostMapping
    ResponseEntity<Written> create(@RequestBody NewDeviceRecord request,
            @RequestParam(required = false) @Nullable String ifNoneExist) {
        Written written = records.create(request, ifNoneExist);
        if (!written.created()) {
            return ResponseEntity.ok(written);
        }
        return ResponseEntity.created(URI.create("/internal/v1/device-records/" + written.id())).body(written);
    }

    @PutMapping("/{id}")
    Updated update(@PathVariable String id, @RequestBody NewDeviceRecord request,
            @RequestParam(required = false) @Nullable String ifMatch) {
        Written written = records.update(id, request, ifMatch);
        return new Updated(written.id(), written.versionId(), written.lastUpdated());
    }


    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
