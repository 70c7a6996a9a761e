/**
 * Thresholds as data: each rule's defaults (the {@code rule} table) with per-patient overrides, the anti-fatigue state
 * machine (N consecutive readings or a minimum duration before raising, hysteresis before clearing) and the
 * thresholds API.
 */
@NullMarked
package org.vigil.alert.threshold;

import org.jspecify.annotations.NullMarked;
