package org.vigil.audit.search;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vigil.audit.Problems;

/**
 * What to look for; every criterion is optional and they all apply together. Results come by seq ascending, after
 * {@code afterSeq}.
 *
 * @param reviewed for break-glass records: only those reviewed ({@code true}) or awaiting review ({@code false})
 */
public record AuditQuery(@Nullable String patientId, @Nullable String agent, @Nullable String action,
        @Nullable String outcome, @Nullable Boolean breakGlass, @Nullable Boolean reviewed, @Nullable Instant from,
        @Nullable Instant to, int limit, long afterSeq) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** From query parameters, with 400s that name the bad parameter. */
    public static AuditQuery of(Map<String, String> parameters) {
        Instant from = Problems.instant("from", parameters.get("from"));
        Instant to = Problems.instant("to", parameters.get("to"));
        if (from != null && to != null && from.isAfter(to)) {
            throw Problems.badRequest("from must not be after to");
        }
        return new AuditQuery(text(parameters, "patientId"), text(parameters, "agent"), text(parameters, "action"),
                text(parameters, "outcome"), Problems.bool("breakGlass", parameters.get("breakGlass")),
                Problems.bool("reviewed", parameters.get("reviewed")), from, to,
                (int) Problems.number("limit", parameters.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT),
                Problems.number("afterSeq", parameters.get("afterSeq"), 0, 0, Long.MAX_VALUE));
    }

    /** The same query, restricted to break-glass records. */
    public AuditQuery breakGlassOnly() {
        return new AuditQuery(patientId, agent, action, outcome, true, reviewed, from, to, limit, afterSeq);
    }

    private static @Nullable String text(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
