package org.vigil.vitals.patient;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vigil.vitals.Conditional;
import org.vigil.vitals.Problems;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A patient as fhir-service sends it for a create or an update: the FHIR Patient document, with the identifiers
 * ({@code system|value}), names and birth date it extracted for search. {@code given} may be one name or FHIR's list
 * of given names; the search column holds them space-separated.
 */
public record NewPatient(@Nullable JsonNode resource, @Nullable List<String> identifiers, @Nullable String family,
        @Nullable JsonNode given, @Nullable String birthDate) {

    /** The checked input, or a 400 naming the field at fault. */
    Input input() {
        if (resource == null || resource.isNull()) {
            throw Problems.badRequest("resource is required");
        }
        if (!(resource instanceof ObjectNode document)) {
            throw Problems.badRequest("resource must be a FHIR Patient JSON object");
        }
        JsonNode type = document.get("resourceType");
        if (type != null && !"Patient".equals(type.asString())) {
            throw Problems.badRequest("resource must have resourceType Patient");
        }
        return new Input(document.deepCopy(), Conditional.identifiers(identifiers), blankToNull(family),
                blankToNull(given(given)), blankToNull(birthDate));
    }

    record Input(ObjectNode resource, List<String> identifiers, @Nullable String family, @Nullable String given,
            @Nullable String birthDate) {
    }

    private static @Nullable String given(@Nullable JsonNode given) {
        if (given == null || given.isNull()) {
            return null;
        }
        if (given.isString()) {
            return given.asString();
        }
        if (given.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode name : given) {
                if (name.isString()) {
                    names.add(name.asString());
                }
            }
            return String.join(" ", names);
        }
        throw Problems.badRequest("given must be a string or a list of strings");
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
