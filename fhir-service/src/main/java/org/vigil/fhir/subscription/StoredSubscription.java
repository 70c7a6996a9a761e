package org.vigil.fhir.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code fhir.subscription}. */
record StoredSubscription(UUID id, long versionId, Instant lastUpdated, Instant createdAt, String owner,
        Criteria criteria, String status, @Nullable String error, String endpoint, @Nullable String payload,
        List<String> headers, String resource) {
}
