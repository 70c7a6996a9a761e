package org.vigil.vitals;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Errors a client can cause, answered as {@code application/problem+json} with the message as {@code detail}. The
 * messages name the offending field, never health data.
 */
public final class Problems {

    /** The instants PostgreSQL's timestamptz and java.sql.Timestamp hold, with room to spare. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Problems() {
    }

    public static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }

    public static ResponseStatusException conflict(String detail) {
        return new ResponseStatusException(HttpStatus.CONFLICT, detail);
    }

    /** A condition of the request (ifMatch, ifNoneExist) does not hold: 412. */
    public static ResponseStatusException preconditionFailed(String detail) {
        return new ResponseStatusException(HttpStatus.PRECONDITION_FAILED, detail);
    }

    /** Well-formed, but names something that does not exist or cannot be done: 422. */
    public static ResponseStatusException unprocessable(String detail) {
        return new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
    }

    /** The value, which must be present and not blank. */
    public static String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw badRequest(field + " is required");
        }
        return value;
    }

    /** The value, present, not blank and at most {@code maxLength} characters. */
    public static String required(String field, @Nullable String value, int maxLength) {
        required(field, value);
        if (value.length() > maxLength) {
            throw badRequest(field + " must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** Parses an ISO-8601 instant such as {@code 2026-11-21T10:00:00Z}; null when absent. */
    /** A whole number parameter from {@code min} to {@code max}, {@code fallback} when absent; a 400 otherwise. */
    public static int number(String name, @Nullable String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    public static @Nullable Instant instant(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw badRequest(field + " must be an ISO-8601 instant such as 2026-11-21T10:00:00Z");
        }
        // Instant reaches a billion years; PostgreSQL's timestamptz (and java.sql.Timestamp) do not: a 500 otherwise.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw badRequest(field + " must be an instant between the years 1 and 9999");
        }
        return instant;
    }
}
