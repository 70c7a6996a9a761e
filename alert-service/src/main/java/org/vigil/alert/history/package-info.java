/** A short, time-bounded history of the reading values that NEWS2 and the trend rules look back on. */
@NullMarked
package org.vigil.alert.history;

import org.jspecify.annotations.NullMarked;
