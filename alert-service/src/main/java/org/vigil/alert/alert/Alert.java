package org.vigil.alert.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An alert as the API shows it.
 *
 * @param type the vital type of the readings that breached, e.g. {@code heart-rate}
 * @param rule the id of the rule that raised it
 * @param value the worst value seen while the alert was active, taken at {@code observedAt}
 * @param readingId the event id of the reading with the worst value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Alert(UUID id, String patientId, String type, String category, String severity, String rule, String message,
        double value, @Nullable String unit, Instant observedAt, Instant raisedAt, Instant updatedAt, String status,
        @Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy, @Nullable String acknowledgeComment,
        String deviceId, UUID readingId) {
}
