package org.vigil.fhir.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.vigil.service.security.VigilPrincipal;

/**
 * A row of {@code fhir.subscription}.
 *
 * @param ownerAccess the owner as their token said when they made or last updated it (roles and scopes), against which
 *     every notification is decided again; null for one made before this was kept
 */
record StoredSubscription(UUID id, long versionId, Instant lastUpdated, Instant createdAt, String owner,
        Criteria criteria, String status, @Nullable String error, String endpoint, @Nullable String payload,
        List<String> headers, String resource, @Nullable VigilPrincipal ownerAccess) {
}
