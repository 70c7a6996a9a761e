package org.vigil.audit.search;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit/events}: the audit log's search, for people (admins, auditors) and SMART clients. */
@RestController
class AuditEventController {

    private final AuditQueries queries;

    AuditEventController(AuditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/audit/events")
    AuditPage search(@RequestParam Map<String, String> parameters) {
        return queries.search(AuditQuery.of(parameters));
    }
}
