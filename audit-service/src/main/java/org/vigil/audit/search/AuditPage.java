package org.vigil.audit.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A page of results by seq ascending.
 *
 * @param next the {@code afterSeq} that fetches the next page; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditPage(List<AuditEventView> events, @Nullable Long next) {

    /** Every patient the page's records name: whose data the reader of this page saw. */
    @JsonIgnore
    public Set<String> patientIds() {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(event -> ids.addAll(event.patientIds()));
        return ids;
    }
}
