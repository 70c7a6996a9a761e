/**
 * Who the caller is and what they may see: every servlet service validates the access token itself (issuer,
 * audience, expiry, RS256 signature), decides per patient with {@link org.vigil.service.security.PatientAccess}, and
 * records every access and denial through {@link org.vigil.service.security.AuditTrail} before it answers.
 */
@NullMarked
package org.vigil.service.security;

import org.jspecify.annotations.NullMarked;
