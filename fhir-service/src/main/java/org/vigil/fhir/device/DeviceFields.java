package org.vigil.fhir.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of a device record POST or PUT. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record DeviceFields(String manufacturer, String serial, @Nullable String model, List<String> identifiers,
        boolean active, @Nullable String patientId) {
}
