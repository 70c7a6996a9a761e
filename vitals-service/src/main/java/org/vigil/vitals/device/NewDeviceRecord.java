package org.vigil.vitals.device;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vigil.vitals.Conditional;
import org.vigil.vitals.Problems;

/**
 * A device as fhir-service sends it for a create or an update (a FHIR Device's fields). {@code active} defaults to
 * true; {@code patientId} is the patient it measures from now on (null: none).
 */
public record NewDeviceRecord(@Nullable String manufacturer, @Nullable String serial, @Nullable String model,
        @Nullable List<String> identifiers, @Nullable Boolean active, @Nullable String patientId) {

    static final int MAX_FIELD_LENGTH = 200;

    /** The same device assigned to another patient (a transaction entry's reference resolved). */
    public NewDeviceRecord withPatientId(@Nullable String patient) {
        return new NewDeviceRecord(manufacturer, serial, model, identifiers, active, patient);
    }

    /** The checked input, or a 400 naming the field at fault. */
    Input input() {
        return new Input(Problems.required("manufacturer", strip(manufacturer), MAX_FIELD_LENGTH),
                Problems.required("serial", strip(serial), MAX_FIELD_LENGTH),
                Problems.required("model", strip(model), MAX_FIELD_LENGTH), Conditional.identifiers(identifiers),
                active == null || active, patientId == null || patientId.isBlank() ? null : patientId.strip());
    }

    record Input(String manufacturer, String serial, String model, List<String> identifiers, boolean active,
            @Nullable String patientId) {
    }

    private static @Nullable String strip(@Nullable String value) {
        return value == null ? null : value.strip();
    }
}
