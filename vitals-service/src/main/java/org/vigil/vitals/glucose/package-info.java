/**
 * The glucose report of continuous glucose monitoring (CGM): the international consensus metrics, time in ranges, the
 * glucose management indicator and the ambulatory glucose profile, computed from a patient's stored readings.
 */
@NullMarked
package org.vigil.vitals.glucose;

import org.jspecify.annotations.NullMarked;
