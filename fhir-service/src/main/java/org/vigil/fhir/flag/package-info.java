/** Alerts as FHIR Flags (docs/adr/0006-alerts-and-subscriptions-in-fhir.md): alert-service's alerts mapped on the way out. */
@NullMarked
package org.vigil.fhir.flag;

import org.jspecify.annotations.NullMarked;
