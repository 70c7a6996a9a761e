package org.vigil.audit.search;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/v1/audit-events}: the same search for fhir-service, which maps the events to FHIR AuditEvent
 * and audits its own searches (it made the access decision).
 */
@RestController
class InternalAuditEventController {

    private final AuditQueries queries;

    InternalAuditEventController(AuditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/internal/v1/audit-events")
    AuditPage search(@RequestParam Map<String, String> parameters) {
        return queries.search(AuditQuery.of(parameters));
    }
}
