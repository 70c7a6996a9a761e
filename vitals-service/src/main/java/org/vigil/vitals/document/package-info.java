/**
 * Observation documents: FHIR Observations that are not readings (a vital signs panel, LOINC 85353-1, has members and
 * no value of its own), kept as they were posted and served to fhir-service by the internal API.
 */
@NullMarked
package org.vigil.vitals.document;

import org.jspecify.annotations.NullMarked;
