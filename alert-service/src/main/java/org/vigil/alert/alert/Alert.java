package org.vigil.alert.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An alert as the API shows it.
 *
 * @param type the vital type of the readings that breached, e.g. {@code heart-rate}
 * @param category {@code clinical} or {@code technical}
 * @param rule the id of the rule that raised it
 * @param value the worst value seen while the alert was active, taken at {@code observedAt}
 * @param readingId the event id of the reading with the worst value
 * @param resolvedBy who resolved it; absent when it was resolved automatically or is not resolved
 * @param resolution why it was resolved: the resolver's comment, or the rule's reason when automatic
 * @param escalationLevel 0 until it first escalates
 * @param escalationDueAt when the next escalation step is due unless acknowledged; null (always shown) when none is
 * @param notified the subscribers its escalations notified so far, in order (empty when it never escalated)
 * @param comments only when one alert is read, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Alert(UUID id, String patientId, String type, String category, String severity, String rule, String message,
        double value, @Nullable String unit, Instant observedAt, Instant raisedAt, Instant updatedAt, String status,
        @Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy, @Nullable String acknowledgeComment,
        String deviceId, UUID readingId, @Nullable Instant resolvedAt, @Nullable String resolvedBy,
        @Nullable String resolution, int escalationLevel,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Instant escalationDueAt, List<String> notified,
        @Nullable List<Comment> comments) {

    Alert withComments(List<Comment> all) {
        return new Alert(id, patientId, type, category, severity, rule, message, value, unit, observedAt, raisedAt,
                updatedAt, status, acknowledgedAt, acknowledgedBy, acknowledgeComment, deviceId, readingId, resolvedAt,
                resolvedBy, resolution, escalationLevel, escalationDueAt, notified, List.copyOf(all));
    }

    Alert withNotified(List<String> names) {
        return new Alert(id, patientId, type, category, severity, rule, message, value, unit, observedAt, raisedAt,
                updatedAt, status, acknowledgedAt, acknowledgedBy, acknowledgeComment, deviceId, readingId, resolvedAt,
                resolvedBy, resolution, escalationLevel, escalationDueAt, List.copyOf(names), comments);
    }
}
