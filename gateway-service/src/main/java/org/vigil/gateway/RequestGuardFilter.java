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
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import java.nio.charset.StandardCharsets;

/**
 * Answers before routing: 404 for {@code /internal/**} and for paths with dot segments or encoded slashes (which a
 * downstream server might normalise into {@code /internal/...}), 413 for a declared body larger than
 * {@code vigil.gateway.max-body-bytes}. A body without a Content-Length (chunked, or HTTP/2 without one) is counted as
 * it streams through: once it passes the limit the request is cut off, whatever reached the service is abandoned with
 * the connection, and the caller gets the same 413 (through {@link GatewayErrorHandler}).
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
        if (length < 0) {
            return chain.filter(exchange.mutate().request(new CountedBody(exchange.getRequest(), maxBodyBytes)).build());
        }
        return chain.filter(exchange);
    }

    /** Thrown into the body's stream once it passes the limit; {@link GatewayErrorHandler} answers it with 413. */
    static final class BodyTooLarge extends RuntimeException {

        BodyTooLarge(long maxBodyBytes) {
            super("The request body exceeds the gateway's limit of " + maxBodyBytes + " bytes", null, false, false);
        }
    }

    /** A body of undeclared length, failing with {@link BodyTooLarge} at the first buffer past the limit. */
    private static final class CountedBody extends ServerHttpRequestDecorator {

        private final long maxBodyBytes;

        CountedBody(ServerHttpRequest request, long maxBodyBytes) {
            super(request);
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > maxBodyBytes) {
                    DataBufferUtils.release(buffer);
                    sink.error(new BodyTooLarge(maxBodyBytes));
                } else {
                    sink.next(buffer);
                }
            });
        }
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
