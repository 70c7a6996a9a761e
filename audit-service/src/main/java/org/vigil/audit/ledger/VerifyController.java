package org.vigil.audit.ledger;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;

/**
 * {@code GET /api/v1/audit/verify}: recomputes the whole chain and says whether, and where, it was tampered with.
 * Allowed to admins and to clients with a SMART {@code system/AuditEvent.r} scope; the reading is itself audited.
 */
@RestController
class VerifyController {

    private final ChainVerifier verifier;
    private final PatientAccess access;

    VerifyController(ChainVerifier verifier, PatientAccess access) {
        this.verifier = verifier;
        this.access = access;
    }

    @GetMapping("/api/v1/audit/verify")
    Verification verify() {
        access.checkKind(DataKind.AUDIT, Interaction.READ);
        Verification verification = verifier.verify();
        access.recordAccess(DataKind.AUDIT, Interaction.READ, List.of());
        return verification;
    }
}
