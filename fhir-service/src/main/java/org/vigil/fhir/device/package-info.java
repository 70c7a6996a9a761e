/** The FHIR Device: Vigil's devices as vitals-service keeps them, with the patient of their current assignment. */
@NullMarked
package org.vigil.fhir.device;

import org.jspecify.annotations.NullMarked;
