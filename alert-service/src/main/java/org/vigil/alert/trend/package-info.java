/**
 * Trend and prediction rules: glucose falling fast, glucose predicted low (Nightscout's AR2 forecast), weight gain.
 * Their thresholds are rules of kind {@code trend} in the rule table, overridable per patient like any threshold.
 */
@NullMarked
package org.vigil.alert.trend;

import org.jspecify.annotations.NullMarked;
