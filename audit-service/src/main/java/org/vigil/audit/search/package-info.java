/**
 * Search of the audit log: the public API ({@code /api/v1/audit/events}) and the internal one fhir-service maps to FHIR
 * AuditEvent ({@code /internal/v1/audit-events}), in one shape, by seq ascending.
 */
@NullMarked
package org.vigil.audit.search;

import org.jspecify.annotations.NullMarked;
