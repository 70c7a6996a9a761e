package org.vigil.fhir.write;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Patient and Device entries of a Bundle as vitals-service's record-transaction bodies, with the checks a single
 * {@code POST /fhir/Patient} makes (identifiers with a value and without '|', no birth date in the future).
 */
final class RecordBodies {

    private RecordBodies() {
    }

    static RecordTransaction.PatientBody patient(Patient posted, FhirContext fhir) {
        Patient document = posted.copy();
        document.setIdElement(null);
        document.setMeta(null);
        if (document.hasBirthDate() && document.getBirthDate().after(new Date())) {
            throw new UnprocessableEntityException("Patient.birthDate is in the future");
        }
        @Nullable String family = null;
        @Nullable String given = null;
        if (document.hasName()) {
            HumanName name = document.getNameFirstRep();
            family = name.hasFamily() ? name.getFamily() : null;
            String joined = name.getGiven().stream().filter(PrimitiveType::hasValue).map(PrimitiveType::getValue)
                    .collect(Collectors.joining(" "));
            given = joined.isEmpty() ? null : joined;
        }
        return new RecordTransaction.PatientBody(json(document, fhir), identifiers(document.getIdentifier(), "Patient"),
                family, given, document.hasBirthDateElement() ? document.getBirthDateElement().getValueAsString()
                        : null);
    }

    /**
     * @param patientId the Vigil patient the device is assigned to ({@code Device.patient} = Patient/{id})
     * @param patientRef the fullUrl of a Patient entry of the same Bundle instead
     */
    static RecordTransaction.DeviceBody device(Device device, @Nullable String patientId, @Nullable String patientRef) {
        if (!device.hasManufacturer() || !device.hasSerialNumber()) {
            throw new UnprocessableEntityException("Device needs manufacturer and serialNumber (Vigil identifies a"
                    + " device by both)");
        }
        @Nullable String model = device.hasModelNumber() ? device.getModelNumber()
                : device.hasDeviceName() ? device.getDeviceNameFirstRep().getName() : null;
        boolean active = !device.hasStatus() || device.getStatus() == Device.FHIRDeviceStatus.ACTIVE;
        return new RecordTransaction.DeviceBody(device.getManufacturer(), device.getSerialNumber(), model,
                identifiers(device.getIdentifier(), "Device"), active, patientId, patientRef);
    }

    private static List<String> identifiers(List<Identifier> given, String type) {
        List<String> identifiers = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Identifier identifier = given.get(i);
            if (!identifier.hasValue() || identifier.getValue().isBlank()) {
                throw new UnprocessableEntityException(type + ".identifier[" + i + "] has no value");
            }
            if (identifier.getValue().contains("|") || (identifier.hasSystem() && identifier.getSystem().contains("|"))) {
                throw new UnprocessableEntityException(type + ".identifier[" + i + "] must not contain '|'");
            }
            identifiers.add((identifier.hasSystem() ? identifier.getSystem() : "") + "|" + identifier.getValue());
        }
        return List.copyOf(identifiers);
    }

    private static String json(Resource resource, FhirContext fhir) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }
}
