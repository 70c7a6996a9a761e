package org.vigil.fhir;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriBuilder;

/**
 * A call to an internal API with query parameters whose values are encoded in full (as URI template variables), so
 * that {@code |}, {@code =}, {@code &}, {@code +} and {@code ,} in a client's value arrive as sent.
 */
public final class InternalQuery {

    private final String path;
    private final Map<String, Object> pathVariables = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private InternalQuery(String path) {
        this.path = path;
    }

    /** A path such as {@code /internal/v1/patients/{id}}; its variables are given with {@link #with}. */
    public static InternalQuery path(String path) {
        return new InternalQuery(path);
    }

    public InternalQuery with(String variable, String value) {
        pathVariables.put(variable, value);
        return this;
    }

    /** Adds the parameter unless the value is null. */
    public InternalQuery param(String name, @Nullable Object value) {
        if (value != null) {
            parameters.put(name, value.toString());
        }
        return this;
    }

    public Function<UriBuilder, URI> uri() {
        return builder -> {
            builder.path(path);
            Map<String, Object> values = new LinkedHashMap<>(pathVariables);
            int i = 0;
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                String variable = "q" + i++;
                builder.queryParam(parameter.getKey(), "{" + variable + "}");
                values.put(variable, parameter.getValue());
            }
            return builder.build(values);
        };
    }
}
