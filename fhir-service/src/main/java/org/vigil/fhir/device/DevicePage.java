package org.vigil.fhir.device;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** vitals-service's answer to {@code GET /internal/v1/device-records?...}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DevicePage(List<DeviceRecord> devices, int total) {
}
