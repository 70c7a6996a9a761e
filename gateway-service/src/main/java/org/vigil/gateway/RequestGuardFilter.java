package org.vigil.gateway;

import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import java.nio.charset.StandardCharsets;

/**
 * Answers before routing: 404 for {@code /internal/**} and for paths with dot segments or encoded slashes (which a
 * downstream server might normalise into {@code /internal/...}), 413 for a declared body larger than
 * {@code vigil.gateway.max-body-bytes}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestGuardFilter implements WebFilter {

    private final long maxBodyBytes;

    RequestGuardFilter(VigilGatewayProperties properties) {
        this.maxBodyBytes = properties.maxBodyBytes().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getPath().value();
        if (!routable(rawPath)) {
            return Problems.write(exchange, HttpStatus.NOT_FOUND, "Nothing is served at this path");
        }
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBodyBytes) {
            return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "The request body of " + length
                    + " bytes exceeds the gateway's limit of " + maxBodyBytes + " bytes");
        }
        return chain.filter(exchange);
    }

    static boolean routable(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
            return false;
        }
        String decoded;
        try {
            decoded = UriUtils.decode(rawPath, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || segment.contains(";")) {
                return false;
            }
        }
        String normalised = decoded.toLowerCase(Locale.ROOT);
        return !(normalised.equals("/internal") || normalised.startsWith("/internal/"));
    }
}
