package org.vigil.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds a service's OpenAPI document against the endpoints the service really has: the handler methods of its
 * {@link RequestMappingHandlerMapping} under a path prefix. Every real method and path must be documented and every
 * documented one must exist; path and query parameters must be documented with the requiredness Spring applies
 * ({@code required = false}, a default value or a {@code @Nullable} parameter make one optional); a request body must
 * be documented, required as Spring requires it; what a handler declares it produces (such as
 * {@code text/event-stream}) must be the documented success content; and every {@code $ref} must resolve. Each
 * disagreement is listed in the one failure, so that a new endpoint without docs or a stale entry says where it is.
 */
public final class OpenApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private OpenApiContract() {
    }

    /** Throws an {@link AssertionError} listing every disagreement between the document and the handler methods. */
    public static void check(String documentJson, RequestMappingHandlerMapping handlers, String pathPrefix) {
        JsonNode document = JSON.readTree(documentJson);
        List<String> problems = new ArrayList<>();

        Map<String, Handler> real = new LinkedHashMap<>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith(pathPrefix)) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    problems.add(path + " (" + method + ") accepts every HTTP method: say which it answers");
                }
                for (RequestMethod httpMethod : methods) {
                    real.put(httpMethod.name() + " " + path, new Handler(info, method));
                }
            }
        });

        Map<String, JsonNode> documented = new LinkedHashMap<>();
        JsonNode paths = document.path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    documented.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
                }
            }
        }

        Set<String> undocumented = new TreeSet<>(real.keySet());
        undocumented.removeAll(documented.keySet());
        undocumented.forEach(endpoint -> problems.add(endpoint + " is served but not documented"));
        Set<String> stale = new TreeSet<>(documented.keySet());
        stale.removeAll(real.keySet());
        stale.forEach(endpoint -> problems.add(endpoint + " is documented but not served"));

        real.forEach((endpoint, handler) -> {
            JsonNode operation = documented.get(endpoint);
            if (operation != null) {
                checkOperation(endpoint, handler, operation, problems);
            }
        });

        checkReferences(document, document, problems);

        if (!problems.isEmpty()) {
            throw new AssertionError("The OpenAPI document disagrees with the endpoints:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private record Handler(RequestMappingInfo info, HandlerMethod method) {
    }

    private static void checkOperation(String endpoint, Handler handler, JsonNode operation, List<String> problems) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : operation.path("parameters")) {
            parameters.put(parameter.path("in").asString() + ":" + parameter.path("name").asString(), parameter);
        }
        Set<String> expected = new TreeSet<>();
        for (MethodParameter parameter : handler.method().getMethodParameters()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            RequestBody requestBody = parameter.getParameterAnnotation(RequestBody.class);
            if (pathVariable != null) {
                String name = nameOf(pathVariable.name(), parameter);
                expected.add("path:" + name);
                requireParameter(endpoint, parameters.get("path:" + name), "path", name, true, problems);
            } else if (requestParam != null && !Map.class.isAssignableFrom(parameter.getParameterType())) {
                String name = nameOf(requestParam.name(), parameter);
                boolean required = requestParam.required() && ValueConstants.DEFAULT_NONE.equals(requestParam.defaultValue())
                        && !parameter.isOptional();
                expected.add("query:" + name);
                requireParameter(endpoint, parameters.get("query:" + name), "query", name, required, problems);
            } else if (requestBody != null) {
                JsonNode body = operation.get("requestBody");
                boolean required = requestBody.required() && !parameter.isOptional();
                if (body == null) {
                    problems.add(endpoint + " reads a request body that is not documented");
                } else if (body.path("required").asBoolean(false) != required) {
                    problems.add(endpoint + " request body is " + (required ? "required" : "optional")
                            + " but documented otherwise");
                }
            }
        }
        // A handler taking @RequestParam Map reads its query parameters by name in code this check cannot see.
        boolean readsQueryAsMap = Arrays.stream(handler.method().getMethodParameters())
                .anyMatch(p -> p.hasParameterAnnotation(RequestParam.class)
                        && Map.class.isAssignableFrom(p.getParameterType()));
        for (String documentedParameter : parameters.keySet()) {
            boolean fromMap = readsQueryAsMap && documentedParameter.startsWith("query:");
            if (!expected.contains(documentedParameter) && !fromMap && !documentedParameter.startsWith("header:")) {
                problems.add(endpoint + " documents parameter " + documentedParameter + " that it does not read");
            }
        }

        Set<MediaType> produces = handler.info().getProducesCondition().getProducibleMediaTypes();
        if (!produces.isEmpty()) {
            Set<String> documentedTypes = new TreeSet<>();
            for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
                if (response.getKey().startsWith("2")) {
                    response.getValue().path("content").properties().forEach(c -> documentedTypes.add(c.getKey()));
                }
            }
            for (MediaType type : produces) {
                if (!documentedTypes.contains(type.toString())) {
                    problems.add(endpoint + " produces " + type + " but its success response documents "
                            + documentedTypes);
                }
            }
        }
    }

    private static void requireParameter(String endpoint, @Nullable JsonNode documented, String in, String name,
            boolean required, List<String> problems) {
        if (documented == null) {
            problems.add(endpoint + " reads " + in + " parameter '" + name + "' that is not documented");
        } else if (documented.path("required").asBoolean(false) != required) {
            problems.add(endpoint + " " + in + " parameter '" + name + "' is " + (required ? "required" : "optional")
                    + " but documented otherwise");
        }
    }

    private static String nameOf(String declared, MethodParameter parameter) {
        if (!declared.isEmpty()) {
            return declared;
        }
        String name = parameter.getParameterName();
        if (name == null) {
            throw new IllegalStateException("no name for " + parameter + ": compile with -parameters");
        }
        return name;
    }

    /** Every local {@code $ref} ({@code #/components/...}) names something the document has. */
    private static void checkReferences(JsonNode document, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith("#/")
                    && document.at(ref.asString().substring(1)).isMissingNode()) {
                problems.add("$ref " + ref.asString() + " points at nothing");
            }
        }
        for (JsonNode child : node) {
            checkReferences(document, child, problems);
        }
    }
}
