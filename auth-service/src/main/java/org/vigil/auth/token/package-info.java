/**
 * The tokens as the security contract has them: access-token claims ({@code aud}, {@code roles}, {@code client_id},
 * {@code azp}, space-separated {@code scope}) and all registered scopes for a client-credentials request that names
 * none.
 */
@NullMarked
package org.vigil.auth.token;

import org.jspecify.annotations.NullMarked;
