package org.vigil.gateway;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The clinician dashboard: static pages and scripts under {@code /app/} (classpath {@code static/app/}), a client of the
 * public REST API with the session cookie (ADR 0008). The gateway serves them because it holds the browser session;
 * the pages hold no data of their own. {@code /app} and {@code /app/} are the ward view; every {@code /app/**} needs a
 * signed-in session (SecurityConfiguration), so a browser without one is sent through the sign-in first.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPages {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Resource WARD = new ClassPathResource("static/app/index.html");

    @Bean
    RouterFunction<ServerResponse> dashboardHome() {
        return RouterFunctions.route()
                .GET("/app", request -> ServerResponse.permanentRedirect(URI.create("/app/")).build())
                .GET("/app/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noCache()).bodyValue(WARD))
                .build();
    }

    /**
     * The pages may run only their own scripts and talk only to this origin (Spring Security's default headers already
     * keep them out of caches).
     */
    @Bean
    WebFilter dashboardHeaders() {
        return (exchange, chain) -> {
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            if (path.equals("/app") || path.startsWith("/app/")) {
                exchange.getResponse().beforeCommit(() -> {
                    exchange.getResponse().getHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                    return Mono.empty();
                });
            }
            return chain.filter(exchange);
        };
    }
}
