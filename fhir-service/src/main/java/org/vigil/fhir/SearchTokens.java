package org.vigil.fhir;

import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.LinkedHashSet;
import java.util.Set;

/** Token search values as the internal APIs take them; diagnostics name the parameter, never its value. */
public final class SearchTokens {

    private SearchTokens() {
    }

    /**
     * {@code system|value}, {@code |value} (no system) or {@code value} (any system), as the internal APIs'
     * {@code identifier} parameter. A system without a value and modifiers are not supported (400).
     */
    public static String identifier(TokenParam token, String parameter) {
        if (token.getModifier() != null) {
            throw new InvalidRequestException(parameter + ": the modifier :" + token.getModifier().getValue()
                    + " is not supported");
        }
        String value = token.getValue();
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(parameter + " needs a value (system|value or value)");
        }
        String system = token.getSystem();
        if (value.contains("|") || (system != null && system.contains("|"))) {
            throw new InvalidRequestException(parameter + " must be system|value with a single '|'");
        }
        return system == null ? value : system + "|" + value;
    }

    /** Resource ids of an {@code _id} (or similar) list; an id may not contain a comma. */
    public static Set<String> ids(TokenOrListParam tokens, String parameter) {
        Set<String> ids = new LinkedHashSet<>();
        for (TokenParam token : tokens.getValuesAsQueryTokens()) {
            String value = token.getValue();
            if (value == null || value.isBlank() || token.getModifier() != null) {
                throw new InvalidRequestException(parameter + " needs one or more ids, comma-separated");
            }
            ids.add(value.contains("/") ? value.substring(value.lastIndexOf('/') + 1) : value);
        }
        return ids;
    }
}
