/** Bounds on long-lived responses (Server-Sent Events): how many one caller, and everyone together, may hold open. */
@NullMarked
package org.vigil.service.stream;

import org.jspecify.annotations.NullMarked;
