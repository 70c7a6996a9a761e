package org.vigil.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The one kind of condition Vigil accepts in {@code If-None-Exist} (conditional create): {@code identifier=system|value}
 * (optionally after {@code Type?}, URL-encoded or not). It is passed to the internal APIs as
 * {@code ifNoneExist=identifier=system|value}, where a per-identifier lock makes concurrent creates one record.
 */
public final class IdentifierCondition {

    private IdentifierCondition() {
    }

    /**
     * @return {@code identifier=system|value}, or null when there is no condition
     * @throws InvalidRequestException naming what is not supported (never the value)
     */
    public static @Nullable String of(@Nullable String ifNoneExist, String resourceType) {
        if (ifNoneExist == null || ifNoneExist.isBlank()) {
            return null;
        }
        String query = ifNoneExist.trim();
        int question = query.indexOf('?');
        if (question >= 0) {
            String type = query.substring(0, question);
            if (!type.isEmpty() && !type.equals(resourceType) && !type.endsWith("/" + resourceType)) {
                throw new InvalidRequestException("If-None-Exist must search " + resourceType);
            }
            query = query.substring(question + 1);
        }
        String[] parts = query.split("&");
        if (parts.length != 1 || !parts[0].startsWith("identifier=")) {
            throw new InvalidRequestException("If-None-Exist supports exactly one parameter: identifier=system|value");
        }
        String token;
        try {
            token = URLDecoder.decode(parts[0].substring("identifier=".length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("If-None-Exist is not properly URL-encoded");
        }
        int bar = token.indexOf('|');
        if (token.isBlank() || token.indexOf(',') >= 0 || bar == token.length() - 1
                || (bar >= 0 && token.indexOf('|', bar + 1) >= 0)) {
            throw new InvalidRequestException(
                    "If-None-Exist needs one identifier with a value: identifier=system|value or identifier=value");
        }
        return "identifier=" + token;
    }
}
