package org.vigil.fhir.write;

import java.time.Instant;

/**
 * A posted vital signs panel (LOINC 85353-1), checked: it groups member Observations ({@code hasMember}) and has no
 * value of its own, so it is stored as its document, not as a reading.
 *
 * @param status the Observation's status code, as posted
 */
record PostedPanel(Instant time, String status) {
}
