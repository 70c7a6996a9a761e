package org.vigil.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.vigil.service.Correlation;
import org.vigil.service.security.ServiceTokenUnavailableException;
import org.vigil.service.security.ServiceTokens;

/**
 * The transport to vitals-service's internal API (docs/architecture.md, "Internal API"): one shared JDK HTTP client,
 * bounded timeouts, the correlation id passed on, and this service's own access token (scope {@code vigil.internal}),
 * which vitals-service requires on {@code /internal/**}. A transport failure, or no service token to be had from the
 * issuer, is a {@link DependencyUnavailableException}; interpreting status codes is left to the callers, who know what
 * a 404 means for them.
 */
@Component
public class VitalsHttp {

    private final HttpClient client;
    private final String baseUrl;
    private final Duration timeout;
    private final ServiceTokens tokens;

    VitalsHttp(IngestProperties properties, ServiceTokens tokens) {
        this.tokens = tokens;
        this.timeout = properties.vitalsTimeout();
        this.baseUrl = properties.vitalsUrl().toString().replaceAll("/+$", "");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    public HttpResponse<byte[]> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<byte[]> postJson(String path, byte[] json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build());
    }

    /**
     * vitals-service refused this service's own token (a 401 that is not about a device): it is forgotten, so that the
     * next call fetches a new one (the issuer may have rotated its key) instead of failing until it expires.
     */
    public void ourTokenRefused(HttpResponse<?> response) {
        response.request().headers().firstValue("Authorization").ifPresent(tokens::refused);
    }

    private HttpRequest.Builder request(String path) {
        String authorization;
        try {
            authorization = tokens.authorization();
        } catch (ServiceTokenUnavailableException e) {
            // Like vitals-service being down: the device is told 503 and to retry.
            throw new DependencyUnavailableException("no access token for calling vitals-service", e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", authorization);
        String correlationId = MDC.get(Correlation.MDC_KEY);
        if (correlationId != null) {
            builder.header(Correlation.HEADER, correlationId);
        }
        return builder;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // The path is left out: it may hold a token hash.
            throw new DependencyUnavailableException("vitals-service did not answer a " + request.method()
                    + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted while calling vitals-service", e);
        }
    }
}
