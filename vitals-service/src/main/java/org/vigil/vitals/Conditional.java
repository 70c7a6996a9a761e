package org.vigil.vitals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What conditional writes of patients and devices share: identifiers ({@code system|value}, or a value alone meaning
 * any system) as search criteria, FHIR's {@code If-None-Exist} and {@code If-Match}, and the transaction-scoped
 * advisory locks that serialise writes concerning the same identifier on every replica.
 */
public final class Conditional {

    /** Advisory lock classes (the first key of {@code pg_advisory_xact_lock(int, int)}). */
    public static final int PATIENT_IDENTIFIERS = 0x5650_0001;
    public static final int DEVICE_IDENTIFIERS = 0x5650_0002;

    private Conditional() {
    }

    /**
     * The identifier an {@code ifNoneExist} query names ({@code identifier=system|value}, possibly URL-encoded once
     * more); null when absent. Anything else is a 400 naming what is supported.
     */
    public static @Nullable String ifNoneExistIdentifier(@Nullable String ifNoneExist) {
        if (ifNoneExist == null || ifNoneExist.isBlank()) {
            return null;
        }
        String criteria = ifNoneExist.strip();
        if (criteria.startsWith("?")) {
            criteria = criteria.substring(1);
        }
        int slash = criteria.indexOf('?');
        if (slash >= 0 && !criteria.startsWith("identifier")) {
            criteria = criteria.substring(slash + 1);
        }
        if (criteria.contains("&") || !criteria.startsWith("identifier=")) {
            throw Problems.badRequest("ifNoneExist must be one criterion identifier=system|value");
        }
        String identifier;
        try {
            // A query string's %XX escapes are undone; a + stays a plus (identifier values are not form data).
            identifier = URLDecoder.decode(criteria.substring("identifier=".length()).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("ifNoneExist is not correctly URL-encoded");
        }
        if (identifier.isBlank() || identifier.endsWith("|")) {
            throw Problems.badRequest("ifNoneExist must name an identifier value: identifier=system|value");
        }
        return identifier;
    }

    /** The version an {@code ifMatch} names: {@code 3}, {@code "3"} or an ETag {@code W/"3"}; null when absent. */
    public static @Nullable Integer ifMatch(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String version = ifMatch.strip();
        if (version.startsWith("W/")) {
            version = version.substring(2);
        }
        if (version.length() >= 2 && version.startsWith("\"") && version.endsWith("\"")) {
            version = version.substring(1, version.length() - 1);
        }
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw Problems.badRequest("ifMatch must be a version id such as 3 (or W/\"3\")");
        }
    }

    /** 412 unless the current version is the one {@code ifMatch} names (or none is named). */
    public static void checkVersion(@Nullable Integer ifMatch, int current, String what) {
        if (ifMatch != null && ifMatch != current) {
            throw Problems.preconditionFailed(what + " is at version " + current + ", not " + ifMatch);
        }
    }

    /** The value part of an identifier (after the first {@code |}), or the whole when it names no system. */
    public static String valueOf(String identifier) {
        int bar = identifier.indexOf('|');
        return bar < 0 ? identifier : identifier.substring(bar + 1);
    }

    /**
     * Takes the transaction-scoped advisory lock of each identifier's value, in one order everywhere (so that two
     * writers never wait on each other crosswise). Conditional creates look for a match only once they hold the lock
     * of the value they look for; every write that adds identifiers holds theirs until it commits, so that a match
     * being written cannot be missed. Keyed by value alone, because a criterion may omit the system.
     */
    public static void lock(JdbcTemplate jdbc, int lockClass, Collection<String> identifiers) {
        for (String value : new TreeSet<>(identifiers.stream().map(Conditional::valueOf).toList())) {
            jdbc.query("SELECT pg_advisory_xact_lock(?, hashtext(?))", row -> { }, lockClass, value);
        }
    }

    /**
     * An SQL condition on a {@code text[]} column of identifiers matching one search criterion: {@code system|value}
     * exactly (served by the GIN index), or a value alone in any system.
     */
    public static String matches(String column, String identifier, List<Object> args) {
        String criterion = identifier.strip();
        if (criterion.startsWith("|")) {
            criterion = criterion.substring(1);
        } else if (criterion.contains("|")) {
            args.add(criterion);
            return column + " @> ARRAY[CAST(? AS text)]";
        }
        args.add(criterion);
        args.add(criterion);
        args.add(criterion);
        return "EXISTS (SELECT 1 FROM unnest(" + column + ") AS i WHERE i = ? OR right(i, length(?) + 1) = '|' || ?)";
    }

    /** Identifiers as given in a body: each non-blank, at most 1000 characters; null means none. */
    public static List<String> identifiers(@Nullable List<String> identifiers) {
        if (identifiers == null) {
            return List.of();
        }
        for (String identifier : identifiers) {
            if (identifier == null || identifier.isBlank()) {
                throw Problems.badRequest("identifiers must not contain blank entries");
            }
            if (identifier.length() > 1000) {
                throw Problems.badRequest("identifiers must be at most 1000 characters each");
            }
        }
        return List.copyOf(identifiers);
    }
}
