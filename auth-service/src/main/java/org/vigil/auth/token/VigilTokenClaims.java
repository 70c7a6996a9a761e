package org.vigil.auth.token;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;
import org.vigil.auth.AuthProperties;
import org.vigil.auth.identity.ClientRoles;

/**
 * Shapes every JWT this server signs. Access tokens: {@code aud} is Vigil's audience instead of Spring's default (the
 * client id), {@code roles} are the client's own for client credentials and the user's otherwise, {@code client_id}
 * and {@code azp} name the client, {@code scope} is a space-separated string (RFC 9068) instead of Spring's array.
 * ID tokens also carry {@code roles}, for the dashboard. {@code sub} stays Spring's: the client id for client
 * credentials, the user name for people.
 */
@Component
class VigilTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String ROLES = "roles";

    private static final String ROLE_PREFIX = "ROLE_";

    private final String audience;

    VigilTokenClaims(AuthProperties properties) {
        this.audience = properties.audience();
    }

    @Override
    public void customize(JwtEncodingContext context) {
        RegisteredClient client = context.getRegisteredClient();
        List<String> roles = context.getPrincipal() instanceof OAuth2ClientAuthenticationToken
                ? ClientRoles.of(client) : userRoles(context.getPrincipal());
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            Set<String> scopes = new TreeSet<>(context.getAuthorizedScopes());
            context.getClaims()
                .audience(List.of(audience))
                .claim(ROLES, roles)
                .claim("client_id", client.getClientId())
                .claim("azp", client.getClientId())
                .claims(claims -> {
                    if (scopes.isEmpty()) {
                        claims.remove("scope");
                    }
                    else {
                        claims.put("scope", String.join(" ", scopes));
                    }
                });
        }
        else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            context.getClaims().claim(ROLES, roles);
        }
    }

    private static List<String> userRoles(Authentication user) {
        // Only the ROLE_ authorities: Spring Security 7 also adds factor authorities (FACTOR_PASSWORD) on login.
        return user.getAuthorities()
            .stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a != null && a.startsWith(ROLE_PREFIX))
            .map(a -> a.substring(ROLE_PREFIX.length()))
            .sorted()
            .toList();
    }
}
