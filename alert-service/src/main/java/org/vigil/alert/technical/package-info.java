/**
 * Technical alerts, about the devices and the signal rather than the patient, kept apart from clinical ones (category
 * {@code technical}): a sensor that is off (a value of exactly 0), and an assigned device that has gone silent.
 */
@NullMarked
package org.vigil.alert.technical;

import org.jspecify.annotations.NullMarked;
