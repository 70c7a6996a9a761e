package org.vigil.alert.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change in an alert's history.
 *
 * @param change raised, updated, acknowledged, commented, escalated or resolved
 * @param by who made it; absent for the platform's own changes (raised, updated, escalated, resolved automatically)
 * @param detail what changed, for a person: the message with the new value, the comment, the escalation note, the
 *     resolution
 * @param escalationLevel the alert's escalation level after the change
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HistoryEntry(UUID id, String change, Instant at, @Nullable String by, @Nullable String detail,
        int escalationLevel) {
}
