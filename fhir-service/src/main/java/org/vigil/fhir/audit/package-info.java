/** The audit trail as FHIR AuditEvent (IHE Basic Audit Log Patterns), read from audit-service's internal API. */
@NullMarked
package org.vigil.fhir.audit;

import org.jspecify.annotations.NullMarked;
