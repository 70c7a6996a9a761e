/**
 * Alerts and their lifecycle: raised and updated from rule breaches, acknowledged, commented on, escalated and resolved,
 * with the whole history kept; listed and changed through {@code /api/v1/alerts}.
 */
@NullMarked
package org.vigil.alert.alert;

import org.jspecify.annotations.NullMarked;
