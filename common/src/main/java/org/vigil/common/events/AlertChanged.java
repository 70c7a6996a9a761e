package org.vigil.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something happened to an alert: it was raised, updated with a worse value, acknowledged, commented on, escalated or
 * resolved. Published by alert-service on {@link Topics#ALERT_CHANGED}, keyed by patient id, for other systems (and
 * for fhir-service's subscriptions). Carries the alert's state after the change.
 *
 * @param eventId unique per change; consumers use it to drop redeliveries
 * @param change one of {@link #RAISED}, {@link #UPDATED}, {@link #ACKNOWLEDGED}, {@link #COMMENTED},
 *     {@link #ESCALATED}, {@link #RESOLVED}; consumers ignore others
 * @param category {@code clinical} (about the patient) or {@code technical} (about the device or the signal)
 * @param severity {@code low}, {@code low-medium}, {@code medium} or {@code high}
 * @param status {@code open}, {@code acknowledged} or {@code resolved}, after the change
 * @param type the reading type the alert is about, e.g. {@code heart-rate}, or {@code news2}, {@code device}
 * @param by who made the change, for people's changes; null for the platform's own
 * @param escalationLevel 0 until the alert first escalates
 */
public record AlertChanged(
        UUID eventId,
        String alertId,
        String patientId,
        String change,
        String rule,
        String category,
        String severity,
        String status,
        String type,
        String message,
        @Nullable Double value,
        @Nullable String unit,
        Instant observedAt,
        Instant raisedAt,
        Instant occurredAt,
        @Nullable String by,
        int escalationLevel) {

    public static final String RAISED = "raised";
    public static final String UPDATED = "updated";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String COMMENTED = "commented";
    public static final String ESCALATED = "escalated";
    public static final String RESOLVED = "resolved";

    public AlertChanged {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
