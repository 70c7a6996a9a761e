package org.vigil.audit.search;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;

/**
 * {@code GET /api/v1/audit/events}: the audit log's search, for admins and clients with a SMART
 * {@code system/AuditEvent.s} scope. The search is itself audited (action search, resource AuditEvent), naming the
 * patients whose records it answered.
 */
@RestController
class AuditEventController {

    private final AuditQueries queries;
    private final PatientAccess access;

    AuditEventController(AuditQueries queries, PatientAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/api/v1/audit/events")
    AuditPage search(@RequestParam Map<String, String> parameters) {
        access.checkKind(DataKind.AUDIT, Interaction.SEARCH);
        AuditPage page = queries.search(AuditQuery.of(parameters));
        access.recordAccess(DataKind.AUDIT, Interaction.SEARCH, page.patientIds());
        return page;
    }
}
