package org.vigil.alert.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A webhook subscriber as the API shows it: never with its secret.
 *
 * @param name unique; escalation chains name their targets by it
 * @param categories the alert categories it receives (clinical, technical)
 * @param minSeverity the least severity it receives (low, low-medium, medium, high)
 */
record Subscription(UUID id, String name, String url, List<String> categories, String minSeverity,
        Instant createdAt) {
}
