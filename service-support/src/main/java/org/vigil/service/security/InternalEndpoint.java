package org.vigil.service.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * One rule of a service's {@code /internal} API: requests with these methods (all if none) to these path patterns need
 * a token with this scope, e.g. {@code internal:patients.read}. A service lists its rules under
 * {@code vigil.security.internal-endpoints}; any {@code /internal} request no rule matches is refused, so a new
 * endpoint stays closed until it is given a scope.
 */
record InternalEndpoint(@Nullable List<String> methods, List<String> paths, String scope) {

    static List<InternalEndpoint> of(Environment env) {
        List<InternalEndpoint> endpoints = Binder.get(env).bind("vigil.security.internal-endpoints",
                Bindable.listOf(InternalEndpoint.class)).orElse(List.of());
        for (InternalEndpoint endpoint : endpoints) {
            if (endpoint.paths() == null || endpoint.paths().isEmpty() || endpoint.scope() == null
                    || !endpoint.scope().startsWith("internal:")
                    || endpoint.paths().stream().anyMatch(p -> !p.startsWith("/internal/"))) {
                throw new IllegalStateException("vigil.security.internal-endpoints: every rule needs paths under "
                        + "/internal/ and a scope internal:...; got " + endpoint);
            }
        }
        return endpoints;
    }

    void authorize(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry registry) {
        String authority = "SCOPE_" + scope;
        String[] patterns = paths.toArray(String[]::new);
        if (methods == null || methods.isEmpty()) {
            registry.requestMatchers(patterns).hasAuthority(authority);
            return;
        }
        for (String method : methods) {
            registry.requestMatchers(HttpMethod.valueOf(method), patterns).hasAuthority(authority);
        }
    }
}
