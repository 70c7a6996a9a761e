/**
 * Writing through FHIR: {@code POST /fhir/Observation} and transaction/batch Bundles. Posted vital-sign Observations
 * become {@link org.vigil.common.events.ReadingRecorded} events (source {@code fhir}) on the same Kafka topic as device
 * readings, claimed first so that each is recorded exactly once; Patients and Devices are written by vitals-service.
 */
@NullMarked
package org.vigil.fhir.write;

import org.jspecify.annotations.NullMarked;
