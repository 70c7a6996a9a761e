package org.vigil.fhir.device;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * A Vigil device as an R4 Device and back: {@code identifier} (each {@code system|value}), {@code manufacturer},
 * {@code serialNumber}, the model as {@code modelNumber} and as a {@code deviceName} of type {@code model-name},
 * {@code status} active / inactive, and {@code patient} the patient of the current assignment. There is no stored
 * document: what else a client sends is not kept.
 */
final class DeviceMapper {

    /** The identifier system under which vitals-service also finds a device by its serial number. */
    static final String SERIAL_SYSTEM = "urn:vigil:device-serial";

    private DeviceMapper() {
    }

    /** @param showPatient false when the caller may not see the current patient (the reference is left out) */
    static Device toDevice(DeviceRecord record, boolean showPatient) {
        Device device = new Device();
        device.setId(new IdType("Device", record.id(), record.versionId()));
        device.getMeta().setVersionId(record.versionId()).setLastUpdated(Date.from(record.lastUpdated()));
        for (String identifier : record.identifiers() == null ? List.<String>of() : record.identifiers()) {
            int bar = identifier.indexOf('|');
            Identifier mapped = device.addIdentifier();
            if (bar > 0) {
                mapped.setSystem(identifier.substring(0, bar));
            }
            mapped.setValue(bar >= 0 ? identifier.substring(bar + 1) : identifier);
        }
        if (record.manufacturer() != null) {
            device.setManufacturer(record.manufacturer());
        }
        if (record.serial() != null) {
            device.setSerialNumber(record.serial());
        }
        if (record.model() != null) {
            device.setModelNumber(record.model());
            device.addDeviceName().setName(record.model()).setType(Device.DeviceNameType.MODELNAME);
        }
        device.setStatus(record.active() == null || record.active() ? Device.FHIRDeviceStatus.ACTIVE
                : Device.FHIRDeviceStatus.INACTIVE);
        if (record.patientId() != null && showPatient) {
            device.setPatient(new Reference("Patient/" + record.patientId()));
        }
        return device;
    }

    /**
     * @throws UnprocessableEntityException naming the element at fault (never its value)
     */
    static DeviceFields fields(Device device) {
        if (!device.hasManufacturer() || device.getManufacturer().isBlank()) {
            throw new UnprocessableEntityException("Device.manufacturer is required");
        }
        if (!device.hasSerialNumber() || device.getSerialNumber().isBlank()) {
            throw new UnprocessableEntityException("Device.serialNumber is required");
        }
        List<String> identifiers = new ArrayList<>();
        for (int i = 0; i < device.getIdentifier().size(); i++) {
            Identifier identifier = device.getIdentifier().get(i);
            if (!identifier.hasValue() || identifier.getValue().isBlank()) {
                throw new UnprocessableEntityException("Device.identifier[" + i + "] has no value");
            }
            if (identifier.getValue().contains("|") || (identifier.hasSystem() && identifier.getSystem().contains("|"))) {
                throw new UnprocessableEntityException("Device.identifier[" + i + "] must not contain '|'");
            }
            if (SERIAL_SYSTEM.equals(identifier.getSystem())) {
                continue; // derived from serialNumber
            }
            identifiers.add((identifier.hasSystem() ? identifier.getSystem() : "") + "|" + identifier.getValue());
        }
        @Nullable String model = device.hasModelNumber() ? device.getModelNumber() : null;
        if (model == null) {
            model = device.getDeviceName().stream()
                    .filter(n -> n.hasName() && n.getType() == Device.DeviceNameType.MODELNAME)
                    .map(Device.DeviceDeviceNameComponent::getName).findFirst().orElse(null);
        }
        boolean active = !device.hasStatus() || device.getStatus() == Device.FHIRDeviceStatus.ACTIVE
                || device.getStatus() == Device.FHIRDeviceStatus.UNKNOWN;
        return new DeviceFields(device.getManufacturer(), device.getSerialNumber(), model,
                List.copyOf(identifiers), active, patientId(device));
    }

    private static @Nullable String patientId(Device device) {
        if (!device.hasPatient()) {
            return null;
        }
        Reference reference = device.getPatient();
        IdType id = new IdType(reference.getReference() == null ? "" : reference.getReference());
        if (!reference.hasReference() || !"Patient".equals(id.getResourceType()) || !id.hasIdPart()
                || id.isAbsolute()) {
            throw new UnprocessableEntityException("Device.patient must reference Patient/{id} of this server");
        }
        return id.getIdPart();
    }
}
