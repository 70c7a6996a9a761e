/**
 * auth-service: Vigil's embedded OAuth2 / OpenID Connect issuer. {@code identity} turns the configured clients and
 * users into what Spring Authorization Server reads, {@code token} shapes the access tokens to the security contract,
 * {@code key} holds the RS256 signing key (keystore or a persisted JWK).
 */
@NullMarked
package org.vigil.auth;

import org.jspecify.annotations.NullMarked;
