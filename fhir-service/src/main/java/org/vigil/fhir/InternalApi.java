package org.vigil.fhir;

import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;
import org.vigil.service.security.ServiceTokenUnavailableException;

/**
 * Another service's internal API (docs/architecture.md, "Internal API"), with its failures turned into what a FHIR
 * client should see: unreachable or failing (or this service without its own token to call it) is a 503, a rejected
 * request a 422 or 409 with the service's reason. Every call carries this service's own token
 * ({@code ServiceTokens}, scope {@code vigil.internal}).
 */
public abstract class InternalApi {

    private static final Logger log = LoggerFactory.getLogger(InternalApi.class);

    private final RestClient client;
    private final String service;

    InternalApi(RestClient client, String service) {
        this.client = client;
        this.service = service;
    }

    /** GET; a 404 is an empty answer. */
    public <T> Optional<T> find(Function<UriBuilder, URI> uri, Class<T> type) {
        return call(() -> {
            try {
                return Optional.ofNullable(client.get().uri(uri).accept(MediaType.APPLICATION_JSON).retrieve()
                        .body(type));
            } catch (HttpClientErrorException.NotFound e) {
                return Optional.empty();
            }
        });
    }

    /** GET of something that always exists (a search). */
    public <T> T get(Function<UriBuilder, URI> uri, Class<T> type) {
        return find(uri, type).orElseThrow(
                () -> new DependencyUnavailableException(service + " answered 404 to a search", null));
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return call(() -> {
            T answer = client.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON).body(body).retrieve().body(type);
            if (answer == null) {
                throw new DependencyUnavailableException(service + " answered without a body", null);
            }
            return answer;
        });
    }

    /** POST to a URI built from path variables or query parameters (encoded by the builder). */
    public <T> T post(Function<UriBuilder, URI> uri, Object body, Class<T> type) {
        return call(() -> {
            T answer = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON).body(body).retrieve().body(type);
            if (answer == null) {
                throw new DependencyUnavailableException(service + " answered without a body", null);
            }
            return answer;
        });
    }

    /** POST whose answer has no body worth reading (a 204). */
    public void send(Function<UriBuilder, URI> uri, Object body) {
        call(() -> client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toBodilessEntity());
    }

    /** PUT of an existing record; a 404 is {@link ResourceNotFoundException} naming {@code what}. */
    public <T> T put(Function<UriBuilder, URI> uri, Object body, Class<T> type, String what) {
        return call(() -> {
            try {
                T answer = client.put().uri(uri).contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON).body(body).retrieve().body(type);
                if (answer == null) {
                    throw new DependencyUnavailableException(service + " answered without a body", null);
                }
                return answer;
            } catch (HttpClientErrorException.NotFound e) {
                throw new ResourceNotFoundException(what + " is not known");
            }
        });
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceAccessException e) {
            log.warn("{} cannot be reached: {}", service, e.getMostSpecificCause().getClass().getSimpleName());
            throw new DependencyUnavailableException(service + " cannot be reached; try again later", e);
        } catch (HttpServerErrorException.ServiceUnavailable e) {
            // A 503 with a problem says why and that a retry will do (a duplicate still on its way, for example).
            log.warn("{} answered 503", service);
            @Nullable String reason = problemDetail(e);
            DependencyUnavailableException unavailable = new DependencyUnavailableException(
                    reason != null ? reason : service + " is unavailable; try again later", e);
            unavailable.addResponseHeader("Retry-After", "2");
            throw unavailable;
        } catch (HttpServerErrorException e) {
            log.warn("{} answered {}", service, e.getStatusCode().value());
            throw new DependencyUnavailableException(service + " failed (" + e.getStatusCode().value()
                    + "); try again later", e);
        } catch (HttpClientErrorException e) {
            String reason = detail(e);
            if (e.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)) {
                throw new ResourceVersionConflictException(reason);
            }
            if (e.getStatusCode().isSameCodeAs(HttpStatus.PRECONDITION_FAILED)) {
                throw new PreconditionFailedException(reason);
            }
            throw new UnprocessableEntityException(reason);
        } catch (RestClientException e) {
            throw new DependencyUnavailableException(service + " gave an answer this service cannot read", e);
        } catch (ServiceTokenUnavailableException e) {
            // Without its own token this service cannot call the others: the same as their being down.
            log.warn("No service token to call {}", service);
            throw new DependencyUnavailableException("this service could not get its access token to call "
                    + service + "; try again later", null);
        }
    }

    private String detail(HttpClientErrorException e) {
        @Nullable String detail = problemDetail(e);
        return detail != null ? detail : service + " rejected the request (" + e.getStatusCode().value() + ")";
    }

    /** The {@code detail} of a problem+json answer, or null when the answer is no problem or has none. */
    private static @Nullable String problemDetail(HttpStatusCodeException e) {
        try {
            @Nullable ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
            return problem == null ? null : problem.getDetail();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
