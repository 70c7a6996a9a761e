/** Secrets a service must keep readable (to sign, to send), stored encrypted: {@link org.vigil.service.secret.SecretBox}. */
@NullMarked
package org.vigil.service.secret;

import org.jspecify.annotations.NullMarked;
