package org.vigil.fhir.observation;

import java.util.Date;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * A device record as a minimal R4 Device, for {@code _include=Observation:device} and {@code $everything}: id, meta,
 * identifiers, the serial (also as identifier {@code urn:vigil:device-serial}), manufacturer, model, status and the
 * patient it is assigned to. The Device resource of the patient lane ({@code org.vigil.fhir.device}) supersedes this
 * once both are merged.
 */
final class IncludedDeviceMapper {

    static final String SERIAL_SYSTEM = "urn:vigil:device-serial";

    private IncludedDeviceMapper() {
    }

    static Device toDevice(DeviceRecord record) {
        Device device = new Device();
        device.setId(new IdType("Device", record.id(), record.versionId()));
        if (record.versionId() != null) {
            device.getMeta().setVersionId(record.versionId());
        }
        if (record.lastUpdated() != null) {
            device.getMeta().setLastUpdated(Date.from(record.lastUpdated()));
        }
        boolean serialListed = false;
        if (record.identifiers() != null) {
            for (String identifier : record.identifiers()) {
                int bar = identifier.indexOf('|');
                String system = bar < 0 ? null : identifier.substring(0, bar);
                String value = bar < 0 ? identifier : identifier.substring(bar + 1);
                if (value.isEmpty()) {
                    continue;
                }
                device.addIdentifier().setSystem(system == null || system.isEmpty() ? null : system).setValue(value);
                serialListed |= SERIAL_SYSTEM.equals(system);
            }
        }
        if (record.serial() != null && !record.serial().isBlank()) {
            device.setSerialNumber(record.serial());
            if (!serialListed) {
                device.addIdentifier().setSystem(SERIAL_SYSTEM).setValue(record.serial());
            }
        }
        if (record.manufacturer() != null) {
            device.setManufacturer(record.manufacturer());
        }
        if (record.model() != null) {
            device.setModelNumber(record.model());
        }
        if (record.active() != null) {
            device.setStatus(record.active() ? Device.FHIRDeviceStatus.ACTIVE : Device.FHIRDeviceStatus.INACTIVE);
        }
        if (record.patientId() != null) {
            device.setPatient(new Reference("Patient/" + record.patientId()));
        }
        return device;
    }
}
