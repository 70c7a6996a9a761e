package org.vigil.fhir.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * audit-service's page of records, by seq ascending.
 *
 * @param next the {@code afterSeq} of the next page; absent on the last
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record AuditEntries(List<AuditEntry> events, @Nullable Long next) {

    AuditEntries {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
