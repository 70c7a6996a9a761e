package org.vigil.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The gateway's own {@code GET /api/docs} and {@code GET /api/docs/{service}}. Router functions are matched before the
 * gateway's routes, none of which is under /api/docs; anonymous access is SecurityConfiguration's.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsRoutes {

    static final String PATH = "/api/docs";

    @Bean
    RouterFunction<ServerResponse> apiDocs(ApiDocsProperties properties) {
        ApiDocs docs = new ApiDocs(properties);
        return RouterFunctions.route()
                .GET(PATH, docs::merged)
                .GET(PATH + "/{service}", docs::one)
                .build();
    }
}
