package org.vigil.fhir.device;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Device;

/**
 * The vitals-service body for a Device, for other packages that write Devices (a transaction's {@code device} entry
 * of {@code POST /internal/v1/record-transactions}): the same checks and fields as {@code POST /fhir/Device}.
 */
public final class DeviceBodies {

    static final String UUID_REFERENCE = "urn:uuid:";

    private DeviceBodies() {
    }

    /**
     * The body of {@code POST /internal/v1/device-records} / {@code PUT .../{id}}.
     *
     * @throws UnprocessableEntityException naming the element at fault
     */
    public static Object of(Device device) {
        return DeviceMapper.fields(device);
    }

    /**
     * As {@link #of}, for a record-transactions entry: a {@code patient} referencing another entry
     * ({@code urn:uuid:...}) is sent as {@code patientRef} instead of {@code patientId}.
     */
    public static Map<String, Object> forTransaction(Device device) {
        String reference = device.hasPatient() ? device.getPatient().getReference() : null;
        boolean entryReference = reference != null && reference.startsWith(UUID_REFERENCE);
        Device withoutEntryReference = device;
        if (entryReference) {
            withoutEntryReference = device.copy();
            withoutEntryReference.setPatient(null);
        }
        DeviceFields fields = DeviceMapper.fields(withoutEntryReference);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("manufacturer", fields.manufacturer());
        body.put("serial", fields.serial());
        body.put("model", fields.model());
        body.put("identifiers", fields.identifiers());
        body.put("active", fields.active());
        if (entryReference) {
            body.put("patientRef", reference);
        } else {
            body.put("patientId", fields.patientId());
        }
        return body;
    }
}
