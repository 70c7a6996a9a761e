/**
 * alert-service: evaluates clinical rules ({@code rule/}) against each recorded reading ({@code reading/}) and owns
 * the alerts they raise ({@code alert/}).
 */
@NullMarked
package org.vigil.alert;

import org.jspecify.annotations.NullMarked;
