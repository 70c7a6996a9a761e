package org.vigil.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The page size of every search: {@code _count} defaults to {@link #DEFAULT} and is clamped to {@link #MAX}. FHIR
 * lets a server return fewer than asked; clamping the request parameter itself, before HAPI binds it, makes the
 * Bundle's self link state the count actually used.
 */
@Interceptor
public final class CountLimit {

    public static final int DEFAULT = 100;
    public static final int MAX = 1000;

    /** The page size for a search's {@code @Count} parameter. */
    public static int of(@Nullable Integer count) {
        return count == null ? DEFAULT : Math.max(0, Math.min(count, MAX));
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean clamp(RequestDetails request) {
        String[] counts = request.getParameters().get(Constants.PARAM_COUNT);
        if (counts == null || counts.length == 0) {
            return true;
        }
        try {
            if (Integer.parseInt(counts[0].trim()) > MAX) {
                Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
                parameters.put(Constants.PARAM_COUNT, new String[] {Integer.toString(MAX)});
                request.setParameters(parameters);
            }
        } catch (NumberFormatException e) {
            // HAPI answers 400 naming the parameter
        }
        return true;
    }
}
