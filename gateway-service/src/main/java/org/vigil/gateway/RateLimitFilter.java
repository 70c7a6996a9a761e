package org.vigil.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.vigil.service.TokenBuckets;
import reactor.core.publisher.Mono;

/**
 * Per-caller rate limit, after Spring Security (order 0, the security chain is -100) so that the caller is known: the
 * token's {@code client_id} (else {@code azp}, else {@code sub}) for bearer callers, the subject for dashboard
 * sessions, a SHA-256 of the device token on {@code /api/v1/readings} (ingest also limits per device), the peer
 * address for anonymous callers. Over the limit: 429 problem+json with Retry-After in seconds. Actuator is exempt.
 *
 * <p>A device token gets a bucket of its own only once ingest has accepted it (a 2xx): anyone can make up tokens, and
 * a bucket per made-up token would let one caller send without limit, each request costing a look-up at ingest.
 * Until then a device counts as its address; ingest limits the refusals per address as well. The tokens accepted are
 * kept, as hashes, in a bounded set, and forgotten at their first 401 (revoked).
 */
@Component
@Order(0)
class RateLimitFilter implements WebFilter {

    private final TokenBuckets buckets;
    private final Cache<String, Boolean> acceptedDevices;

    RateLimitFilter(VigilGatewayProperties properties) {
        VigilGatewayProperties.RateLimit limit = properties.rateLimit();
        this.buckets = new TokenBuckets(limit.requestsPerSecond(), limit.burst(), limit.maxCallers(), System::nanoTime);
        this.acceptedDevices = Caffeine.newBuilder()
                .maximumSize(limit.maxCallers())
                .expireAfterAccess(Duration.ofHours(1))
                .build();
    }

    /** Buckets held right now, for tests of what made-up callers cost. */
    int trackedCallers() {
        buckets.forgetIdle();
        return buckets.trackedCallers();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(principal -> callerOf(principal, exchange.getRequest()))
                .defaultIfEmpty("")
                .flatMap(caller -> {
                    @Nullable String device = caller.isEmpty() ? deviceTokenHash(exchange.getRequest()) : null;
                    String key = !caller.isEmpty() ? caller
                            : device != null && acceptedDevices.getIfPresent(device) != null ? "device:" + device
                            : "ip:" + address(exchange.getRequest());
                    long waitNanos = buckets.take(key);
                    if (waitNanos == 0) {
                        if (device != null) {
                            exchange.getResponse().beforeCommit(() -> {
                                learn(device, exchange.getResponse().getStatusCode());
                                return Mono.empty();
                            });
                        }
                        return chain.filter(exchange);
                    }
                    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
                            "Too many requests from this caller; retry after " + seconds + " s");
                });
    }

    private static String callerOf(Object principal, ServerHttpRequest request) {
        if (principal instanceof JwtAuthenticationToken token) {
            Jwt jwt = token.getToken();
            String client = firstText(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("azp"), jwt.getSubject());
            return client != null ? "client:" + client : "";
        }
        if (principal instanceof OAuth2AuthenticationToken session) {
            return "user:" + session.getName();
        }
        return "";
    }

    private void learn(String device, @Nullable HttpStatusCode status) {
        if (status == null) {
            return;
        }
        if (status.is2xxSuccessful()) {
            acceptedDevices.put(device, Boolean.TRUE);
        } else if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
            acceptedDevices.invalidate(device);
        }
    }

    /** The SHA-256 of a device's bearer token on the readings endpoint, else null. */
    private static @Nullable String deviceTokenHash(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if ((path.equals(SecurityConfiguration.READINGS) || path.startsWith(SecurityConfiguration.READINGS + "/"))
                && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return sha256(authorization.substring(7).strip());
        }
        return null;
    }

    private static String address(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        return peer != null && peer.getAddress() != null ? peer.getAddress().getHostAddress() : "unknown";
    }

    private static @Nullable String firstText(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
