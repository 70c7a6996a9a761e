package org.vigil.gateway;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.vigil.service.Correlation;
import reactor.core.publisher.Mono;

/**
 * Accepts the caller's X-Correlation-Id if it is safe to log, or creates one; sends it downstream and echoes it in
 * every response, the gateway's own errors included. A web filter rather than a gateway GlobalFilter, because a
 * GlobalFilter only sees routed requests.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationIdFilter implements WebFilter {

    static final String ATTRIBUTE = CorrelationIdFilter.class.getName() + ".id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = Correlation.acceptOrCreate(exchange.getRequest().getHeaders().getFirst(Correlation.HEADER));
        exchange.getAttributes().put(ATTRIBUTE, id);
        ServerWebExchange withId = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(Correlation.HEADER, id))).build();
        withId.getResponse().beforeCommit(() -> {
            withId.getResponse().getHeaders().set(Correlation.HEADER, id);
            return Mono.empty();
        });
        return chain.filter(withId);
    }
}
