/**
 * Sign-ins at the login form, successful and failed, as audit records on vigil.audit-recorded.v1 (action
 * {@code login}), through service-support's {@link org.vigil.service.security.AuditTrail} like every other audit record.
 */
@NullMarked
package org.vigil.auth.signin;

import org.jspecify.annotations.NullMarked;
