package org.vigil.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferHandlingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.BaseQueryParameter;
import ca.uhn.fhir.rest.server.method.IParameter;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Unknown search parameters, as FHIR R4 (3.1.1.4 "Handling errors") lets a server choose and the client ask: by
 * default ({@code Prefer: handling=strict}) a search naming a parameter the server does not support is a 400
 * OperationOutcome naming every such parameter and the supported ones; with {@code Prefer: handling=lenient} they
 * are dropped before the search runs, so the Bundle's self link omits them (the spec's way of saying what was
 * applied). HAPI on its own answers a vague "does not know how to handle" for unknown names and silently ignores
 * unknown {@code _} parameters (e.g. {@code _sort} where sorting is not supported).
 *
 * <p>What is supported is read from the search methods the providers declare: their parameter names, plus
 * {@code _offset}, {@code _sort}, {@code _total}, {@code _contained} where a method takes them, plus the result
 * parameters HAPI applies to every response ({@link #EVERY_SEARCH}). A search method with {@code @RawParam} takes
 * whatever else comes, so for its resource type the provider checks parameters itself. Plain searches only
 * ({@code GET /Type?...}, {@code POST /Type/_search}); operations such as {@code $lastn} bind their own parameters.
 */
@Interceptor
public final class SearchParameterHandling {

    /** Parameters every search accepts: HAPI applies them to any response. */
    static final Set<String> EVERY_SEARCH = Set.of(Constants.PARAM_COUNT, Constants.PARAM_FORMAT,
            Constants.PARAM_PRETTY, Constants.PARAM_SUMMARY, Constants.PARAM_ELEMENTS);

    /**
     * Parameters a provider reads from the request itself rather than binding them: the keyset cursor of
     * Observation's next links ({@code observation.PageCursor}).
     */
    static final Map<String, Set<String>> READ_BY_PROVIDER = Map.of("Observation", Set.of("_cursor"));

    /** Per resource type: the supported names, or null when a method takes raw parameters. */
    private final Map<String, Supported> supported = new ConcurrentHashMap<>();

    private record Supported(@Nullable Set<String> names) {
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public void check(RequestDetails request) {
        String resourceName = request.getResourceName();
        if (resourceName == null || resourceName.isEmpty() || !SearchMethodBinding.isPlainSearchRequest(request)
                || !(request.getServer() instanceof RestfulServer server)) {
            return;
        }
        Supported known = supported.computeIfAbsent(resourceName, name -> supportedBy(server, name));
        if (known.names() == null || known.names().isEmpty()) {
            // A raw-parameter method checks for itself; a type without searches is HAPI's to refuse.
            return;
        }
        Set<String> unknown = new TreeSet<>();
        for (String parameter : request.getParameters().keySet()) {
            if (!known.names().contains(baseName(parameter))) {
                unknown.add(parameter);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        if (handling(request) == PreferHandlingEnum.LENIENT) {
            Map<String, String[]> kept = new LinkedHashMap<>(request.getParameters());
            kept.keySet().removeAll(unknown);
            request.setParameters(kept);
            return;
        }
        throw new InvalidRequestException("Unknown search parameter" + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown) + " for " + resourceName + ". Supported: "
                + String.join(", ", new TreeSet<>(known.names()))
                + ". Send 'Prefer: handling=lenient' to have unknown parameters ignored.");
    }

    private static PreferHandlingEnum handling(RequestDetails request) {
        String prefer = request.getHeader(Constants.HEADER_PREFER);
        if (prefer == null || prefer.isBlank()) {
            return PreferHandlingEnum.STRICT;
        }
        PreferHandlingEnum handling = RestfulServerUtils.parsePreferHeader(prefer).getHanding();
        return handling == null ? PreferHandlingEnum.STRICT : handling;
    }

    /** {@code name:exact} and {@code subject.name} are checked as {@code name} and {@code subject}. */
    static String baseName(String parameter) {
        for (int i = 0; i < parameter.length(); i++) {
            char c = parameter.charAt(i);
            if (c == ':' || c == '.') {
                return parameter.substring(0, i);
            }
        }
        return parameter;
    }

    private static Supported supportedBy(RestfulServer server, String resourceName) {
        Set<String> names = new TreeSet<>();
        for (ResourceBinding binding : server.getResourceBindings()) {
            if (!resourceName.equals(binding.getResourceName())) {
                continue;
            }
            for (BaseMethodBinding method : binding.getMethodBindings()) {
                if (!(method instanceof SearchMethodBinding search) || search.getQueryName() != null) {
                    continue;
                }
                List<IParameter> parameters = search.getParameters();
                for (IParameter parameter : parameters) {
                    if (parameter instanceof BaseQueryParameter query) {
                        names.add(query.getName());
                        continue;
                    }
                    switch (parameter.getClass().getSimpleName()) {
                        case "RawParamsParameter" -> {
                            return new Supported(null);
                        }
                        case "OffsetParameter" -> names.add(Constants.PARAM_OFFSET);
                        case "SortParameter" -> names.add(Constants.PARAM_SORT);
                        case "SearchTotalModeParameter" -> names.add(Constants.PARAM_SEARCH_TOTAL_MODE);
                        case "SearchContainedModeParameter" -> names.add(Constants.PARAM_CONTAINED);
                        default -> {
                        }
                    }
                }
            }
        }
        if (!names.isEmpty()) {
            names.addAll(EVERY_SEARCH);
            names.addAll(READ_BY_PROVIDER.getOrDefault(resourceName, Set.of()));
        }
        return new Supported(names);
    }
}
