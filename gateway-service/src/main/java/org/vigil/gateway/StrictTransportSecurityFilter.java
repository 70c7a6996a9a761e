package org.vigil.gateway;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * HSTS on every HTTPS response, the ones the gateway answers before Spring Security runs (404 for /internal, 413)
 * included; Spring Security's own HSTS writer is switched off so that the header is not written twice.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class StrictTransportSecurityFilter implements WebFilter {

    static final String VALUE = "max-age=31536000; includeSubDomains";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getSslInfo() != null) {
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set("Strict-Transport-Security", VALUE);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
