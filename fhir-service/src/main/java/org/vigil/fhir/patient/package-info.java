/** FHIR Patient create and read, stored by vitals-service. */
@NullMarked
package org.vigil.fhir.patient;

import org.jspecify.annotations.NullMarked;
