/** Alerts: raised and updated from rule breaches, listed and acknowledged through {@code /api/v1/alerts}. */
@NullMarked
package org.vigil.alert.alert;

import org.jspecify.annotations.NullMarked;
