package org.vigil.fhir.patient;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /internal/v1/patients}: the FHIR Patient as JSON (without id and meta, which vitals-service
 * assigns) and the fields it searches by.
 *
 * @param identifiers each as {@code system|value}
 * @param given the first given name(s) of the first name, joined by a space
 * @param birthDate {@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}, as FHIR has it
 */
record NewPatient(@JsonRawValue String resource, List<String> identifiers, @Nullable String family,
        @Nullable String given, @Nullable String birthDate) {
}
