/**
 * The RS256 signing key: from a PKCS12 keystore in production, otherwise generated once and kept as a JWK file so
 * that restarts keep issued tokens valid.
 */
@NullMarked
package org.vigil.auth.key;

import org.jspecify.annotations.NullMarked;
