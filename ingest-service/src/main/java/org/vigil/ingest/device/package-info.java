/**
 * Stage 1, authenticate: who is sending (the device behind a bearer token) and which patient it was assigned to when.
 * Answers come from vitals-service and are cached briefly; DeviceChanged events drop a device's entry at once.
 */
@NullMarked
package org.vigil.ingest.device;

import org.jspecify.annotations.NullMarked;
