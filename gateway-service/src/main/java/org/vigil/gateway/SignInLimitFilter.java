package org.vigil.gateway;

import java.net.InetSocketAddress;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.vigil.service.TokenBuckets;
import reactor.core.publisher.Mono;

/**
 * Limits, per address, the requests that may start a session: those without a live session cookie to the gateway's
 * own browser paths ({@code /session}, {@code /app/**}, {@code /oauth2/authorization/...}, anything that is not the API,
 * the issuer's pages or actuator). Each address may send {@code vigil.gateway.sign-in.burst} at once and
 * {@code requests-per-second} on average; beyond that 429 problem+json with Retry-After, before Spring Security saves
 * anything in a session. A request with a live session (someone signed in, or a sign-in under way) is never counted,
 * so a burst of anonymous requests from an address does not lock out the people already signed in from it.
 *
 * <p>The address is the connection's peer, never a header the caller writes (X-Forwarded-For). Behind a proxy all
 * callers share the proxy's address; raise the limits there or let the proxy limit per client. Together with the bound
 * on anonymous sessions in {@link SignInSessions} this keeps anonymous callers from filling the gateway's memory.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class SignInLimitFilter implements WebFilter {

    private final TokenBuckets buckets;

    SignInLimitFilter(VigilGatewayProperties properties) {
        VigilGatewayProperties.SignIn limit = properties.signIn();
        this.buckets = new TokenBuckets(limit.requestsPerSecond(), limit.burst(), properties.rateLimit().maxCallers(),
                System::nanoTime);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (SecurityConfiguration.isApi(path) || SecurityConfiguration.isIssuerPath(path)
                || path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        // The exchange keeps this session: Spring Security gets the same one later.
        return exchange.getSession().flatMap(session -> {
            if (session.isStarted()) {
                return chain.filter(exchange);
            }
            long waitNanos = buckets.take(address(exchange.getRequest()));
            if (waitNanos == 0) {
                return chain.filter(exchange);
            }
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many sign-in starts without a session "
                    + "from this address (vigil.gateway.sign-in.burst and requests-per-second); retry after "
                    + seconds + " s");
        });
    }

    private static String address(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        return peer != null && peer.getAddress() != null ? peer.getAddress().getHostAddress() : "unknown";
    }
}
