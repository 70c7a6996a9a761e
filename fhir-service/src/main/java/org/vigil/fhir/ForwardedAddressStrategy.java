package org.vigil.fhir;

import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.ForwardedHeaderUtils;

/**
 * The server base HAPI puts into Location headers and Bundle links, as the client saw it: behind the gateway that is
 * the gateway's scheme, host and port, taken from {@code Forwarded} or {@code X-Forwarded-Host/-Proto/-Port}.
 *
 * <p>HAPI's own {@code ApacheProxyAddressStrategy} would do, but it calls {@code UriComponentsBuilder.fromHttpRequest},
 * which Spring Framework 7 removed; {@link ForwardedHeaderUtils} is its replacement.
 */
class ForwardedAddressStrategy extends IncomingRequestAddressStrategy {

    @Override
    public String determineServerBase(@Nullable ServletContext servletContext, HttpServletRequest request) {
        String direct = super.determineServerBase(servletContext, request);
        HttpHeaders headers = new HttpHeaders();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.addAll(name, Collections.list(request.getHeaders(name)));
        }
        if (!headers.containsHeader("Forwarded") && !headers.containsHeader("X-Forwarded-Host")
                && !headers.containsHeader("X-Forwarded-Proto") && !headers.containsHeader("X-Forwarded-Port")) {
            return direct;
        }
        URI directUri = URI.create(direct);
        return ForwardedHeaderUtils.adaptFromForwardedHeaders(directUri, headers)
                .replacePath(directUri.getRawPath()).build().toUriString();
    }
}
