package org.vigil.fhir.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** vitals-service's answer to {@code GET /internal/v1/device-records?patientId=}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DeviceRecords(List<DeviceRecord> devices, long total) {

    DeviceRecords {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }
}
