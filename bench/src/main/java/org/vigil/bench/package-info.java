/** Benchmarks run against a running Vigil (./vigil up): seeding, then timed requests through the gateway. */
@NullMarked
package org.vigil.bench;

import org.jspecify.annotations.NullMarked;
