package org.vigil.fhir.observation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.stereotype.Component;

/**
 * Keyset paging links. HAPI's plain server pages by {@code _offset} (or by a paging provider's stored result lists,
 * which live in one replica's memory); a search that pages by cursor puts its next link into the request
 * ({@link #set}), and this interceptor makes it the Bundle's only {@code next} link (no {@code previous}: a cursor
 * only walks forward), dropping HAPI's offset links. Registered with the FHIR servlet at startup.
 */
@Interceptor
@Component
public class NextLinks implements SmartInitializingSingleton {

    private static final String KEY = NextLinks.class.getName();

    private final ObjectProvider<ServletRegistrationBean<?>> servlets;

    NextLinks(ObjectProvider<ServletRegistrationBean<?>> servlets) {
        this.servlets = servlets;
    }

    @Override
    public void afterSingletonsInstantiated() {
        servlets.orderedStream().map(ServletRegistrationBean::getServlet)
                .filter(RestfulServer.class::isInstance).map(RestfulServer.class::cast)
                .forEach(server -> server.registerInterceptor(this));
    }

    /** This request's page has this next link, or none (null) even if HAPI would offer an offset link. */
    static void set(RequestDetails request, @Nullable String next) {
        request.getUserData().put(KEY, next == null ? "" : next);
    }

    /**
     * The link to the page after {@code cursor}: the request's base and path with its parameters named in
     * {@code keep} (a name or a name with a modifier) and {@code _count}, and the cursor.
     */
    static String link(RequestDetails request, String path, Set<String> keep, int count, String cursor) {
        StringBuilder link = new StringBuilder(request.getFhirServerBase()).append('/').append(path).append('?');
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            String name = parameter.getKey();
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            if (!keep.contains(base) || name.equals("_count") || name.equals(PageCursor.PARAM)) {
                continue;
            }
            for (String value : parameter.getValue()) {
                link.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        }
        return link.append("_count=").append(count).append('&').append(PageCursor.PARAM).append('=')
                .append(encode(cursor)).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, ResponseDetails response) {
        Object next = request.getUserData().get(KEY);
        if (next instanceof String link && response.getResponseResource() instanceof Bundle bundle) {
            List<Bundle.BundleLinkComponent> kept = bundle.getLink().stream()
                    .filter(l -> !List.of("next", "previous", "prev").contains(l.getRelation())).toList();
            bundle.setLink(new java.util.ArrayList<>(kept));
            if (!link.isEmpty()) {
                bundle.addLink().setRelation("next").setUrl(link);
            }
        }
        return true;
    }
}
