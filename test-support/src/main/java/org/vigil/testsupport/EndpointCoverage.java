package org.vigil.testsupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Holds a test's list of requests (an access matrix's rows) against the endpoints the service really has: the handler
 * methods of its {@link RequestMappingHandlerMapping} under a path prefix, enumerated as {@link OpenApiContract} does.
 * A request counts for the endpoint Spring would pick for it (the most specific matching pattern of that HTTP method),
 * so that {@code /api/v1/alerts/stream} covers the stream, not {@code /api/v1/alerts/{id}}. A new endpoint that no
 * request reaches, or a request that reaches no endpoint, is named.
 */
public final class EndpointCoverage {

    private EndpointCoverage() {
    }

    private record Endpoint(RequestMethod method, PathPattern pattern, HandlerMethod handler) {

        String name() {
            return method + " " + pattern.getPatternString() + " (" + handler.getBeanType().getSimpleName() + "#"
                    + handler.getMethod().getName() + ")";
        }
    }

    /**
     * Every endpoint under {@code pathPrefix} that none of {@code requests} reaches, and every request under it that
     * reaches no endpoint, as sentences; empty when the requests cover the service exactly.
     *
     * @param requests {@code METHOD /path?query} each, e.g. {@code GET /api/v1/alerts/123/history}; requests outside
     *     the prefix are ignored
     */
    public static List<String> gaps(RequestMappingHandlerMapping handlers, String pathPrefix,
            Collection<String> requests) {
        List<Endpoint> endpoints = endpoints(handlers, pathPrefix);
        Set<Endpoint> reached = new HashSet<>();
        Set<String> problems = new TreeSet<>();
        for (String request : requests) {
            int space = request.indexOf(' ');
            RequestMethod method = RequestMethod.valueOf(request.substring(0, space));
            String path = request.substring(space + 1);
            int query = path.indexOf('?');
            path = query < 0 ? path : path.substring(0, query);
            if (!path.startsWith(pathPrefix)) {
                continue;
            }
            Optional<Endpoint> endpoint = endpointOf(endpoints, method, path);
            endpoint.ifPresentOrElse(reached::add,
                    () -> problems.add(request + " is in the matrix but reaches no endpoint"));
        }
        for (Endpoint endpoint : endpoints) {
            if (!reached.contains(endpoint)) {
                problems.add(endpoint.name() + " is served but no row of the matrix reaches it");
            }
        }
        return new ArrayList<>(problems);
    }

    private static Optional<Endpoint> endpointOf(List<Endpoint> endpoints, RequestMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return endpoints.stream()
                .filter(e -> e.method() == method && e.pattern().matches(container))
                .min(Comparator.comparing(Endpoint::pattern, PathPattern.SPECIFICITY_COMPARATOR));
    }

    private static List<Endpoint> endpoints(RequestMappingHandlerMapping handlers, String pathPrefix) {
        List<Endpoint> endpoints = new ArrayList<>();
        handlers.getHandlerMethods().forEach((info, handler) -> {
            PathPatternsRequestCondition condition = info.getPathPatternsCondition();
            Set<PathPattern> patterns = condition != null ? condition.getPatterns() : new HashSet<>(
                    info.getPatternValues().stream().map(PathPatternParser.defaultInstance::parse).toList());
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : patterns) {
                if (!pattern.getPatternString().startsWith(pathPrefix)) {
                    continue;
                }
                // A mapping without methods answers them all: each must then be in the matrix.
                for (RequestMethod method : methods.isEmpty() ? EnumSet.allOf(RequestMethod.class) : methods) {
                    endpoints.add(new Endpoint(method, pattern, handler));
                }
            }
        });
        return endpoints;
    }
}
