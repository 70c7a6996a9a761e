/**
 * Clinical rules: what a breach and a clear are, the {@link org.vigil.alert.rule.ReadingRule} extension point, and the
 * threshold rule evaluated on one reading. Threshold rules are data (the {@code rule} table, with per-patient overrides
 * applied by {@code org.vigil.alert.threshold}).
 */
@NullMarked
package org.vigil.alert.rule;

import org.jspecify.annotations.NullMarked;
