package org.vigil.gateway;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's refusals as problem+json: 401 with {@code WWW-Authenticate: Bearer} (RFC 6750, with
 * {@code error="invalid_token"} when a token was refused) for API calls, 403 for a missing or wrong CSRF token, 401 for
 * a sign-in that did not complete. The token itself is never echoed.
 */
final class ProblemEntryPoints implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final int MAX_DESCRIPTION = 200;

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        if (failure instanceof OAuth2AuthenticationException oauth) {
            String description = describe(oauth.getError());
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "The bearer token was refused: " + description);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return Problems.write(exchange, HttpStatus.UNAUTHORIZED,
                "This API needs an access token (Authorization: Bearer) or a signed-in dashboard session");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        if (denied instanceof CsrfException) {
            return Problems.write(exchange, HttpStatus.FORBIDDEN, "This request changes data on behalf of a dashboard "
                    + "session and needs the CSRF token: copy the XSRF-TOKEN cookie into the X-XSRF-TOKEN header");
        }
        return Problems.write(exchange, HttpStatus.FORBIDDEN, "You have no access to this resource");
    }

    Mono<Void> signInFailed(WebFilterExchange exchange, AuthenticationException failure) {
        String reason = failure instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode()
                : "authentication_failed";
        return Problems.write(exchange.getExchange(), HttpStatus.UNAUTHORIZED,
                "The sign-in did not complete (" + safe(reason) + "); start again at /session");
    }

    private static String describe(OAuth2Error error) {
        String description = error.getDescription();
        if (description == null || description.isBlank()) {
            return "invalid token";
        }
        return safe(description);
    }

    /** Printable ASCII without quotes or backslashes, bounded: fit for a header and for a detail. */
    private static String safe(String text) {
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_DESCRIPTION));
        for (int i = 0; i < text.length() && safe.length() < MAX_DESCRIPTION; i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : ' ');
        }
        return safe.toString().strip();
    }
}
