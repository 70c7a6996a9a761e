/**
 * Escalation of unacknowledged alerts: per-severity policies from configuration
 * ({@code vigil.alert.escalation.policies.<severity>}) and the poller that escalates alerts whose due time, kept in the
 * alert's row, has passed.
 */
@NullMarked
package org.vigil.alert.escalation;

import org.jspecify.annotations.NullMarked;
