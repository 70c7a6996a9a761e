/** The FHIR Patient (create, conditional create, read, update, search), stored by vitals-service. */
@NullMarked
package org.vigil.fhir.patient;

import org.jspecify.annotations.NullMarked;
