package org.vigil.fhir.flag;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.AlertChanged;

/**
 * One alert as alert-service's internal API answers it ({@code GET /internal/v1/alerts[/{id}]}); only what the Flag
 * needs.
 *
 * @param status {@code open}, {@code acknowledged} or {@code resolved}
 * @param category {@code clinical} or {@code technical}
 * @param severity {@code low}, {@code low-medium}, {@code medium} or {@code high}
 * @param readingId the event id of the reading with the worst value (the Observation id)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertView(String id, String patientId, String type, String category, String severity, String rule,
        String message, @Nullable Double value, @Nullable String unit, Instant observedAt, Instant raisedAt,
        @Nullable Instant updatedAt, String status, @Nullable Instant acknowledgedAt, @Nullable String deviceId,
        @Nullable String readingId, @Nullable Instant resolvedAt) {

    /** The alert as an {@link AlertChanged} event describes it after the change (for subscription notifications). */
    public static AlertView of(AlertChanged change) {
        boolean resolved = "resolved".equals(change.status());
        return new AlertView(change.alertId(), change.patientId(), change.type(), change.category(),
                change.severity(), change.rule(), change.message(), change.value(), change.unit(),
                change.observedAt(), change.raisedAt(), change.occurredAt(), change.status(), null, null, null,
                resolved ? change.occurredAt() : null);
    }
}
