package org.vigil.auth.token;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;

/**
 * A client-credentials request without a {@code scope} parameter is granted every scope the client is registered
 * with (RFC 6749 section 3.3 lets the server pick a default; Spring's provider would grant none). It wraps Spring's
 * own provider, which still validates the (now explicit) scopes and issues the token, so a request that does name
 * scopes is handled exactly as before, {@code invalid_scope} included.
 */
public final class AllRegisteredScopesByDefault implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    AllRegisteredScopesByDefault(AuthenticationProvider delegate) {
        this.delegate = delegate;
    }

    /** For {@code tokenEndpoint.authenticationProviders(...)}: wraps Spring's client-credentials provider in place. */
    public static void wrapClientCredentialsProvider(List<AuthenticationProvider> providers) {
        providers.replaceAll(provider -> provider instanceof OAuth2ClientCredentialsAuthenticationProvider
                ? new AllRegisteredScopesByDefault(provider) : provider);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        var request = (OAuth2ClientCredentialsAuthenticationToken) authentication;
        if (request.getScopes().isEmpty() && request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
                && client.getRegisteredClient() != null) {
            var withAllScopes = new OAuth2ClientCredentialsAuthenticationToken(client,
                    client.getRegisteredClient().getScopes(), request.getAdditionalParameters());
            withAllScopes.setDetails(request.getDetails());
            return delegate.authenticate(withAllScopes);
        }
        return delegate.authenticate(request);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2ClientCredentialsAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
