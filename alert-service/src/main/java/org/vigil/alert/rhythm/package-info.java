/**
 * Irregular rhythm: a possible atrial fibrillation episode found in the beat-to-beat (RR) intervals that wearables
 * report as {@code rr-intervals} readings, with the published method of {@link org.vigil.alert.rhythm.DashIrregularity}.
 */
@NullMarked
package org.vigil.alert.rhythm;

import org.jspecify.annotations.NullMarked;
