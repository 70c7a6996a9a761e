/**
 * The configured identities: OAuth clients ({@code vigil.auth.clients}) as Spring Authorization Server registered
 * clients, and people ({@code vigil.auth.users}) for form login. Secrets and passwords are hashed on the way in.
 */
@NullMarked
package org.vigil.auth.identity;

import org.jspecify.annotations.NullMarked;
