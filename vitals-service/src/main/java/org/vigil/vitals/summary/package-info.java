/** Patients' names, identifiers and care teams in bulk, for alert-service's ward view. */
@NullMarked
package org.vigil.vitals.summary;

import org.jspecify.annotations.NullMarked;
