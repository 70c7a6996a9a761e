/** Atomic writes of several patients and devices at once, for FHIR transaction Bundles. */
@NullMarked
package org.vigil.vitals.record;

import org.jspecify.annotations.NullMarked;
