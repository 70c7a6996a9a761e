/**
 * Start-up rules every Vigil service applies to its own configuration: which profile counts as the demo, and which
 * secrets must be the operator's own.
 */
@NullMarked
package org.vigil.service.config;

import org.jspecify.annotations.NullMarked;
