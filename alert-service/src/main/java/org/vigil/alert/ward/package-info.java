/**
 * The ward view: one row per patient a clinician may see (latest values against the patient's thresholds, NEWS2,
 * active alerts, staleness), sorted by acuity, in one call; and a stream naming the patients whose row changed.
 */
@NullMarked
package org.vigil.alert.ward;

import org.jspecify.annotations.NullMarked;
