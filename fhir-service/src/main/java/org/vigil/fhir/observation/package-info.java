/** Vital-signs Observations: vitals-service's reading views mapped to FHIR on the way out. */
@NullMarked
package org.vigil.fhir.observation;

import org.jspecify.annotations.NullMarked;
