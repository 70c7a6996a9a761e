package org.vigil.audit.search;

import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The searches take their query as {@code @RequestParam Map} and read it in {@link AuditQuery#of}, which springdoc
 * would document as one required object parameter named after the Java argument. This documents the real, optional
 * query parameters instead, one per component of {@link AuditQuery} ({@code limit} and {@code afterSeq} included), so
 * that the document follows the record when a criterion is added.
 */
@Configuration(proxyBeanMethods = false)
class SearchParametersDocumentation {

    @Bean
    OperationCustomizer auditQueryParameters() {
        return (operation, handler) -> {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestParam.class)
                        && Map.class.isAssignableFrom(parameter.getParameterType())
                        && operation.getParameters() != null) {
                    operation.getParameters().removeIf(p -> "query".equals(p.getIn()));
                    for (RecordComponent component : AuditQuery.class.getRecordComponents()) {
                        operation.addParametersItem(new Parameter().in("query").name(component.getName())
                                .required(false).schema(schemaOf(component.getType())));
                    }
                }
            }
            return operation;
        };
    }

    private static Schema<?> schemaOf(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return new JsonSchema().types(Set.of("boolean"));
        }
        if (type == int.class || type == Integer.class) {
            return new JsonSchema().types(Set.of("integer")).format("int32");
        }
        if (type == long.class || type == Long.class) {
            return new JsonSchema().types(Set.of("integer")).format("int64");
        }
        if (type == Instant.class) {
            return new JsonSchema().types(Set.of("string")).format("date-time");
        }
        return new JsonSchema().types(Set.of("string"));
    }
}
