package org.vigil.service.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.vigil.service.ClientAddress;
import org.vigil.service.Correlation;

/** What an audit record says about the request: its line, where it came from, its correlation id. */
record RequestFacts(@Nullable String request, @Nullable String sourceAddress, @Nullable String correlationId) {

    static RequestFacts current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return of(servlet.getRequest());
        }
        return new RequestFacts(null, null, MDC.get(Correlation.MDC_KEY));
    }

    static RequestFacts of(HttpServletRequest request) {
        String line = request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return new RequestFacts(line, source(request), MDC.get(Correlation.MDC_KEY));
    }

    /**
     * What {@link ClientAddress} decided (X-Forwarded-For only from a trusted proxy, its last hop); never the header
     * itself, which anyone reaching the service directly could write.
     */
    private static @Nullable String source(HttpServletRequest request) {
        return request.getAttribute(ClientAddress.ATTRIBUTE) instanceof String address ? address
                : request.getRemoteAddr();
    }
}
