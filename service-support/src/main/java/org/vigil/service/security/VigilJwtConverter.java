package org.vigil.service.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Turns a validated token into authorities: {@code SCOPE_x} per scope and {@code ROLE_x} per role. */
final class VigilJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String ROLE_PREFIX = "ROLE_";
    static final String SCOPE_PREFIX = "SCOPE_";

    private final VigilPrincipal.RolesClaim rolesClaim;

    VigilJwtConverter(String rolesClaimPath) {
        this.rolesClaim = new VigilPrincipal.RolesClaim(rolesClaimPath);
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        VigilPrincipal.scopes(jwt).forEach(s -> authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + s)));
        rolesClaim.read(jwt).forEach(r -> authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + r)));
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
