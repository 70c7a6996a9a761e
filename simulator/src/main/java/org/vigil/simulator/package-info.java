/**
 * The demo simulator: provisions a small fleet of patients and devices through the gateway's public API, then streams
 * vital signs from every device, one patient deteriorating. Plain Java, no Spring, so that it starts at once.
 */
@NullMarked
package org.vigil.simulator;

import org.jspecify.annotations.NullMarked;
