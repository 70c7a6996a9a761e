package org.vigil.service.security;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The authenticated caller of this request, read from its validated access token.
 *
 * @param subject the token's {@code sub}: a user name for people, the client id for clients
 * @param type {@link AgentType#USER} for people, {@link AgentType#CLIENT} for systems acting for themselves
 * @param clientId the OAuth client ({@code client_id} or {@code azp}), when the token says
 * @param roles role names, e.g. {@code clinician}
 * @param scopes the token's scopes
 */
public record VigilPrincipal(String subject, AgentType type, @Nullable String clientId, Set<String> roles,
        Set<String> scopes) {

    public static final String CLINICIAN = "clinician";
    public static final String ADMIN = "admin";
    public static final String PATIENT = "patient";
    public static final String INTEGRATOR = "integrator";
    public static final String SERVICE = "service";
    /** Runs the platform: lists and replays dead letters; sees no clinical data (docs/security.md). */
    public static final String OPERATOR = "operator";

    /** Who an audit record names as the agent. */
    public enum AgentType {
        USER("user"), CLIENT("client");

        private final String code;

        AgentType(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public VigilPrincipal {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    /** The caller of the current request, if it presented a valid access token. */
    public static Optional<VigilPrincipal> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            // The roles were read from the configured claim into ROLE_ authorities by VigilJwtConverter.
            Set<String> roles = new LinkedHashSet<>();
            token.getAuthorities().forEach(a -> {
                if (a.getAuthority().startsWith(VigilJwtConverter.ROLE_PREFIX)) {
                    roles.add(a.getAuthority().substring(VigilJwtConverter.ROLE_PREFIX.length()));
                }
            });
            return Optional.of(from(token.getToken(), roles));
        }
        return Optional.empty();
    }

    /**
     * When the current request's access token expires, if it says: a stream opened with it must end then (the
     * browser's EventSource reconnects with a fresh token through the gateway's session).
     */
    public static Optional<Instant> currentTokenExpiry() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.ofNullable(token.getToken().getExpiresAt());
        }
        return Optional.empty();
    }

    static VigilPrincipal from(Jwt jwt, Set<String> roles) {
        String subject = jwt.getSubject() == null ? "unknown" : jwt.getSubject();
        String clientId = jwt.getClaimAsString("client_id");
        if (clientId == null) {
            clientId = jwt.getClaimAsString("azp");
        }
        // A client acting for itself (client credentials) is its own subject; a person's token names the person.
        AgentType type = subject.equals(clientId) ? AgentType.CLIENT : AgentType.USER;
        return new VigilPrincipal(subject, type, clientId, roles, scopes(jwt));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether a role or a system scope lets this caller do this with the kind for every patient. */
    boolean hasRoleOrScopeFor(DataKind kind, Interaction interaction, Set<DataKind> adminKinds) {
        return kind.permittedBy(smartScopes(), SmartScopes.SYSTEM, interaction)
                || (hasRole(ADMIN) && adminKinds.contains(kind));
    }

    public SmartScopes smartScopes() {
        return SmartScopes.of(scopes);
    }

    static Set<String> scopes(Jwt jwt) {
        Object scope = jwt.getClaims().get("scope");
        if (scope == null) {
            scope = jwt.getClaims().get("scp");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (scope instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        } else if (scope instanceof Collection<?> c) {
            c.forEach(v -> scopes.add(String.valueOf(v)));
        }
        return scopes;
    }

    /** Where a token carries its roles: {@code roles} by default, a dotted path such as {@code realm_access.roles}. */
    record RolesClaim(String path) {

        Set<String> read(Jwt jwt) {
            Object node = jwt.getClaims();
            for (String part : path.split("\\.")) {
                if (!(node instanceof Map<?, ?> map)) {
                    return Set.of();
                }
                node = map.get(part);
            }
            if (node instanceof Collection<?> values) {
                Set<String> roles = new LinkedHashSet<>();
                values.forEach(v -> roles.add(String.valueOf(v)));
                return roles;
            }
            if (node instanceof String value) {
                return new LinkedHashSet<>(List.of(value.trim().split("[\\s,]+")));
            }
            return Set.of();
        }
    }
}
