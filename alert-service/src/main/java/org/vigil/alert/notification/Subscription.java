package org.vigil.alert.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A webhook subscriber as the API shows it: never with its secret.
 *
 * @param name unique; escalation chains name their targets by it
 * @param categories the alert categories it receives (clinical, technical)
 * @param minSeverity the least severity it receives (low, low-medium, medium, high)
 * @param owner the token subject that made it: it receives only the alerts of the patients this owner may read at
 *     the time of each delivery; absent for subscriptions made before owners were recorded (they receive nothing)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Subscription(UUID id, String name, String url, List<String> categories, String minSeverity,
        Instant createdAt, @Nullable String owner) {
}
