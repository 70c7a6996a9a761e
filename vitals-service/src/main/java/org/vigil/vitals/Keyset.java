package org.vigil.vitals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The parameters every keyset-paged internal search shares (readings, Observation documents), read the same way so
 * that fhir-service pages both with one cursor: {@code order}, {@code count}, {@code cursorTime} + {@code cursorId}.
 */
public final class Keyset {

    private Keyset() {
    }

    /** Where a page starts: only rows strictly past (time, id) in the search's order. */
    public record Cursor(Instant time, UUID id) {
    }

    /** {@code asc} (the default) or {@code desc}; anything else is a 400. */
    public static boolean ascending(@Nullable String order) {
        if (isBlank(order) || order.strip().equalsIgnoreCase("asc")) {
            return true;
        }
        if (order.strip().equalsIgnoreCase("desc")) {
            return false;
        }
        throw Problems.badRequest("order must be asc or desc");
    }

    /** {@code count=true}: answer the total instead of the rows; {@code false} or absent: the rows. */
    public static boolean counting(@Nullable String count) {
        if (isBlank(count) || count.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (count.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw Problems.badRequest("count must be true or false");
    }

    /**
     * Both or neither; {@code what} names the id in the error ("a reading id").
     *
     * @return null when neither is given
     */
    public static @Nullable Cursor cursor(@Nullable String time, @Nullable String id, String what) {
        if (isBlank(time) && isBlank(id)) {
            return null;
        }
        if (isBlank(time) || isBlank(id)) {
            throw Problems.badRequest("cursorTime and cursorId go together: give both or neither");
        }
        Instant at = Problems.instant("cursorTime", time);
        try {
            return new Cursor(at, UUID.fromString(id.strip()));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("cursorId must be " + what + " (a UUID)");
        }
    }

    /**
     * The time conditions of a search, appended as {@code AND ...} with their arguments (as UTC): {@code from} and
     * {@code to} inclusive, {@code after} and {@code before} exclusive bounds on {@code time}, {@code receivedSince}
     * on {@code received_at}.
     */
    public static void timeConditions(StringBuilder sql, List<Object> args, @Nullable Instant from,
            @Nullable Instant after, @Nullable Instant to, @Nullable Instant before, @Nullable Instant receivedSince) {
        bound(sql, args, "time >= ?", from);
        bound(sql, args, "time > ?", after);
        bound(sql, args, "time <= ?", to);
        bound(sql, args, "time < ?", before);
        bound(sql, args, "received_at >= ?", receivedSince);
    }

    private static void bound(StringBuilder sql, List<Object> args, String condition, @Nullable Instant value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value.atOffset(ZoneOffset.UTC));
        }
    }

    public static @Nullable String blankToNull(@Nullable String value) {
        return isBlank(value) ? null : value.strip();
    }

    public static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
