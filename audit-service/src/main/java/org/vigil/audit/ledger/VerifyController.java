package org.vigil.audit.ledger;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit/verify}: recomputes the whole chain and says whether, and where, it was tampered with. */
@RestController
class VerifyController {

    private final ChainVerifier verifier;

    VerifyController(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/v1/audit/verify")
    Verification verify() {
        return verifier.verify();
    }
}
