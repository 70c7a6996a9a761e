package org.vigil.fhir.patient;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.jspecify.annotations.Nullable;

/** What vitals-service indexes a Patient by, and the checks a Patient must pass before it is stored. */
final class PatientFields {

    private PatientFields() {
    }

    /**
     * @throws UnprocessableEntityException naming the element at fault (never its value: diagnostics get logged)
     */
    static NewPatient of(Patient patient, String resourceJson) {
        List<String> identifiers = new ArrayList<>();
        for (int i = 0; i < patient.getIdentifier().size(); i++) {
            Identifier identifier = patient.getIdentifier().get(i);
            if (!identifier.hasValue() || identifier.getValue().isBlank()) {
                throw new UnprocessableEntityException("Patient.identifier[" + i + "] has no value");
            }
            if (identifier.getValue().contains("|") || (identifier.hasSystem() && identifier.getSystem().contains("|"))) {
                throw new UnprocessableEntityException("Patient.identifier[" + i + "] must not contain '|'");
            }
            identifiers.add((identifier.hasSystem() ? identifier.getSystem() : "") + "|" + identifier.getValue());
        }
        if (patient.hasBirthDate() && patient.getBirthDate().after(new Date())) {
            throw new UnprocessableEntityException("Patient.birthDate is in the future");
        }
        @Nullable String family = null;
        @Nullable String given = null;
        if (patient.hasName()) {
            HumanName name = patient.getNameFirstRep();
            family = name.hasFamily() ? name.getFamily() : null;
            String joined = name.getGiven().stream().filter(PrimitiveType::hasValue).map(PrimitiveType::getValue)
                    .collect(Collectors.joining(" "));
            given = joined.isEmpty() ? null : joined;
        }
        @Nullable String birthDate = patient.hasBirthDateElement() ? patient.getBirthDateElement().getValueAsString()
                : null;
        return new NewPatient(resourceJson, List.copyOf(identifiers), family, given, birthDate);
    }
}
