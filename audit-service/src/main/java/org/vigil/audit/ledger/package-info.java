/**
 * The ledger: the consumer of vigil.audit-recorded.v1, the append-only hash chain it writes ({@link
 * org.vigil.audit.ledger.CanonicalForm} defines what each hash covers), and the chain's verification.
 */
@NullMarked
package org.vigil.audit.ledger;

import org.jspecify.annotations.NullMarked;
