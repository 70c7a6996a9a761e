/**
 * Readings: the exactly-once claims, the consumer of vigil.reading-recorded.v1, the monthly-partitioned store, the
 * public vitals API and the internal readings API.
 */
@NullMarked
package org.vigil.vitals.reading;

import org.jspecify.annotations.NullMarked;
