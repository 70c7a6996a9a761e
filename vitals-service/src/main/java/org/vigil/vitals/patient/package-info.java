/** Patients: the FHIR Patient document with the columns search needs; the internal patients API. */
@NullMarked
package org.vigil.vitals.patient;

import org.jspecify.annotations.NullMarked;
