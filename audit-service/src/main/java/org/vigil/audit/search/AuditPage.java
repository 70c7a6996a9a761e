package org.vigil.audit.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of results by seq ascending.
 *
 * @param next the {@code afterSeq} that fetches the next page; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditPage(List<AuditEventView> events, @Nullable Long next) {
}
