/**
 * Clinical rules: what a breach is, and the rules that find one in a reading. Rules are data (the {@code rule} table),
 * loaded into a {@link org.vigil.alert.rule.RuleBook} and refreshed periodically.
 */
@NullMarked
package org.vigil.alert.rule;

import org.jspecify.annotations.NullMarked;
