/** Consumes recorded readings, evaluates the rules against them and records the breaches as alerts. */
@NullMarked
package org.vigil.alert.reading;

import org.jspecify.annotations.NullMarked;
