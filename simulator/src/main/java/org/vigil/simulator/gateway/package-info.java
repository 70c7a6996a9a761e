/**
 * The gateway's public API as a device and an integrator see it: FHIR Patient create, device registration and
 * assignment, reading batches. The JSON built here is the external contract of docs/architecture.md.
 */
@NullMarked
package org.vigil.simulator.gateway;

import org.jspecify.annotations.NullMarked;
