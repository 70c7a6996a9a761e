/** Devices, their token hashes and assignment history; the public devices API and the token look-up for ingest. */
@NullMarked
package org.vigil.vitals.device;

import org.jspecify.annotations.NullMarked;
