package org.vigil.alert.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event's delivery to one subscriber.
 *
 * @param status pending (not yet delivered, retried at {@code nextAttemptAt}), delivered, failed (given up), or
 *     withheld (not sent: the subscription's owner may not read this patient's alerts now; {@code lastError} says so)
 * @param lastStatusCode the HTTP status of the last attempt; absent if it got no answer
 * @param lastError why the last attempt failed, e.g. {@code HTTP 500} or {@code timeout}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Delivery(UUID id, UUID eventId, UUID alertId, String change, String status, int attempts, Instant createdAt,
        @Nullable Instant nextAttemptAt, @Nullable Instant lastAttemptAt, @Nullable Integer lastStatusCode,
        @Nullable String lastError, @Nullable Instant deliveredAt) {
}
