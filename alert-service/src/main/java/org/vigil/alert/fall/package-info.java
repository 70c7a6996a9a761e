/** Falls reported by a wearable's fall detector ({@code fall} readings): an immediate high-severity alert. */
@NullMarked
package org.vigil.alert.fall;

import org.jspecify.annotations.NullMarked;
