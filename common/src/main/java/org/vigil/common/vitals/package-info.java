/** The catalogue of vital-sign types: LOINC code, canonical UCUM unit, accepted units and plausible ranges. */
@NullMarked
package org.vigil.common.vitals;

import org.jspecify.annotations.NullMarked;
