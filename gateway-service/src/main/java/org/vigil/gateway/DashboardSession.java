package org.vigil.gateway;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /session}: who the dashboard is signed in as, {@code {"subject", "roles"}}. Spring Security sends a
 * browser that is not signed in through the issuer first. The roles are read from the session's access token (the
 * claim of {@code VIGIL_OAUTH_ROLES_CLAIM}, validated like any access token), else from the ID token.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSession {

    @Bean
    RouterFunction<ServerResponse> session(ReactiveOAuth2AuthorizedClientManager clients, ReactiveJwtDecoder jwts,
            @Value("${vigil.gateway.roles-claim:roles}") String rolesClaim) {
        return RouterFunctions.route().GET("/session", request -> request.principal()
                .filter(OAuth2AuthenticationToken.class::isInstance)
                .cast(OAuth2AuthenticationToken.class)
                .flatMap(session -> describe(request, session, clients, jwts, rolesClaim))
                .flatMap(body -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .header("Cache-Control", "no-store").bodyValue(body))
                .switchIfEmpty(Mono.defer(() -> ServerResponse.status(HttpStatus.UNAUTHORIZED)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .bodyValue(Problems.body(request.exchange(), HttpStatus.UNAUTHORIZED,
                                "Not signed in: open /session in a browser")))))
                .build();
    }

    private static Mono<Map<String, Object>> describe(ServerRequest request, OAuth2AuthenticationToken session,
            ReactiveOAuth2AuthorizedClientManager clients, ReactiveJwtDecoder jwts, String rolesClaim) {
        OAuth2AuthorizeRequest authorize = OAuth2AuthorizeRequest
                .withClientRegistrationId(session.getAuthorizedClientRegistrationId())
                .principal(session)
                .attribute(ServerWebExchange.class.getName(), request.exchange())
                .build();
        OAuth2User user = session.getPrincipal();
        Mono<List<String>> fromAccessToken = clients.authorize(authorize)
                .flatMap(client -> jwts.decode(client.getAccessToken().getTokenValue()))
                .map(Jwt::getClaims)
                .map(claims -> roles(claims, rolesClaim))
                .onErrorResume(e -> Mono.empty());
        return fromAccessToken
                .defaultIfEmpty(List.of())
                .map(roles -> roles.isEmpty() ? roles(user.getAttributes(), rolesClaim) : roles)
                .map(roles -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("subject", session.getName());
                    body.put("roles", roles);
                    return body;
                });
    }

    /** The roles at a dotted claim path ({@code roles}, {@code realm_access.roles}), as a list of strings. */
    static List<String> roles(Map<String, Object> claims, String path) {
        @Nullable Object value = claims;
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        if (value instanceof String text && !text.isBlank()) {
            return List.of(text.strip().split("[\\s,]+"));
        }
        return List.of();
    }
}
