/**
 * FHIR R4 Subscriptions (rest-hook), kept in fhir-service's schema {@code fhir}, notified from Kafka
 * (docs/adr/0006-alerts-and-subscriptions-in-fhir.md).
 */
@NullMarked
package org.vigil.fhir.subscription;

import org.jspecify.annotations.NullMarked;
