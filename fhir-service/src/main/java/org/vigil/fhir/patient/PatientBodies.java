package org.vigil.fhir.patient;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Patient;

/**
 * The vitals-service body for a Patient, for other packages that write Patients (a transaction's {@code patient}
 * entry of {@code POST /internal/v1/record-transactions}): the same checks and fields as {@code POST /fhir/Patient}.
 */
public final class PatientBodies {

    private PatientBodies() {
    }

    /**
     * The body of {@code POST /internal/v1/patients} / {@code PUT /internal/v1/patients/{id}}: the document without
     * id and meta, its identifiers, family, given names and birth date.
     *
     * @throws UnprocessableEntityException naming the element at fault (never its value)
     */
    public static Object of(Patient patient, FhirContext fhir) {
        Patient document = patient.copy();
        document.setIdElement(null);
        document.setMeta(null);
        return PatientFields.of(document, fhir.newJsonParser().encodeResourceToString(document));
    }
}
