/**
 * Whom each person may see: the relationships (care team, self, break-glass) every service's access checks rest on,
 * served to the others at {@code /internal/v1/subjects/{subject}/patients} and used here directly; break-glass grants.
 */
@NullMarked
package org.vigil.vitals.access;

import org.jspecify.annotations.NullMarked;
