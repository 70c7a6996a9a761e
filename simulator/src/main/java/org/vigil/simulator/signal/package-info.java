/** Plausible vital signs: per-patient baselines, small random walks around them, and a sepsis-like deterioration. */
@NullMarked
package org.vigil.simulator.signal;

import org.jspecify.annotations.NullMarked;
