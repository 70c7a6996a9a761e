package org.vigil.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Errors a client can cause, answered as {@code application/problem+json} with the message as {@code detail}. The
 * messages name the offending parameter, never its value.
 */
public final class Problems {

    private Problems() {
    }

    public static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }

    public static ResponseStatusException forbidden(String detail) {
        return new ResponseStatusException(HttpStatus.FORBIDDEN, detail);
    }

    public static ResponseStatusException conflict(String detail) {
        return new ResponseStatusException(HttpStatus.CONFLICT, detail);
    }

    /** Parses an ISO-8601 instant such as {@code 2026-11-21T10:00:00Z}; null when absent. */
    public static @Nullable Instant instant(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw badRequest(field + " must be an ISO-8601 instant such as 2026-11-21T10:00:00Z");
        }
    }

    /** Parses {@code true} or {@code false}; null when absent. */
    public static @Nullable Boolean bool(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw badRequest(field + " must be true or false");
        };
    }

    /** Parses a whole number from {@code min} to {@code max}; {@code fallback} when absent. */
    public static long number(String field, @Nullable String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw badRequest(field + " must be a whole number from " + min + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw badRequest(field + " must be a whole number from " + min + " to " + max);
        }
        return parsed;
    }
}
