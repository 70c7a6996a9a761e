/**
 * The FHIR R4 facade: a HAPI FHIR plain server at {@code /fhir/*} that maps to and from vitals-service's internal API
 * and keeps no data of its own.
 */
@NullMarked
package org.vigil.fhir;

import org.jspecify.annotations.NullMarked;
