package org.vigil.service.openapi;

import io.swagger.v3.core.converter.ModelConverter;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Active in the services that put springdoc on their classpath (ingest, vitals, alert, audit): every document they
 * serve at {@code /v3/api-docs} gets {@link OpenApiConventions}, and records' non-null components are required
 * ({@link RequiredRecordComponents}). Which paths are documented ({@code /api/**}), the OpenAPI version (3.1) and the
 * title are each service's application.yml ({@code springdoc.*}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springdoc.core.customizers.GlobalOpenApiCustomizer")
public class VigilOpenApiAutoConfiguration {

    @Bean
    GlobalOpenApiCustomizer vigilOpenApiConventions(Environment env) {
        return new OpenApiConventions(env.getProperty("spring.application.name", "service"));
    }

    @Bean
    ModelConverter vigilRequiredRecordComponents() {
        return new RequiredRecordComponents();
    }
}
