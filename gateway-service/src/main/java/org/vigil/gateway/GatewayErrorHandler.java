package org.vigil.gateway;

import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.vigil.service.Correlation;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Every error the gateway itself produces, as problem+json with a detail: 404 when no route matches, 503 when the
 * target service refuses the connection or cannot be reached within the connect timeout, 504 when it does not answer
 * within the response timeout, 502 when it drops the connection, 413 when a body of undeclared length passes the limit
 * on its way through. Runs before Boot's own error handler (order -1).
 */
@Component
@Order(-2)
class GatewayErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        String service = service(exchange);
        // Reactor does not carry the MDC across threads; the gateway logs only here, so set it here.
        @Nullable String correlationId = exchange.getAttribute(CorrelationIdFilter.ATTRIBUTE);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(Correlation.MDC_KEY, correlationId)) {
            return answer(exchange, error, service);
        }
    }

    private static Mono<Void> answer(ServerWebExchange exchange, Throwable error, String service) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestGuardFilter.BodyTooLarge tooLarge) {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            }
        }
        if (causedBy(error, ClientAuthorizationException.class)) {
            // The session's access token expired and could not be refreshed (refresh token expired or revoked).
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED,
                    "The dashboard session has expired; sign in again at /session");
        }
        if (causedBy(error, AuthenticationServiceException.class)) {
            log.warn("Cannot validate tokens: {}", error.getClass().getSimpleName());
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                    "The token issuer's signing keys cannot be fetched; try again later");
        }
        if (error instanceof ResponseStatusException status) {
            return Problems.write(exchange, status.getStatusCode(), detail(status, service));
        }
        if (causedBy(error, ConnectException.class) || causedBy(error, UnknownHostException.class)) {
            log.warn("{} is unavailable: {}", service, error.getClass().getSimpleName());
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                    "The " + service + " is unavailable; try again later");
        }
        if (causedBy(error, TimeoutException.class) || causedBy(error, ReadTimeoutException.class)) {
            log.warn("{} did not answer in time", service);
            return Problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "The " + service + " did not answer in time");
        }
        if (causedBy(error, PrematureCloseException.class)) {
            log.warn("{} closed the connection", service);
            return Problems.write(exchange, HttpStatus.BAD_GATEWAY, "The " + service + " closed the connection");
        }
        log.error("Gateway failure", error);
        return Problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed; try again later");
    }

    private static String detail(ResponseStatusException exception, String service) {
        HttpStatusCode status = exception.getStatusCode();
        if (status.value() == 404) {
            return "Nothing is served at this path";
        }
        if (status.value() == 504) {
            return "The " + service + " did not answer in time";
        }
        if (status.value() == 503) {
            return "The " + service + " is unavailable; try again later";
        }
        String reason = exception.getReason();
        return reason != null ? reason : "The request failed (" + status.value() + ")";
    }

    private static String service(ServerWebExchange exchange) {
        @Nullable Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null ? route.getId() + " service" : "target service";
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
