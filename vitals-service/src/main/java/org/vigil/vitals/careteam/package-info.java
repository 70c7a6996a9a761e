/** Care teams: which clinicians look after which patients, the main basis of clinicians' access. */
@NullMarked
package org.vigil.vitals.careteam;

import org.jspecify.annotations.NullMarked;
