package org.vigil.gateway;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers {@code GET /api/docs} and {@code GET /api/docs/{service}} by fetching the services' documents at request
 * time (in parallel, each within the connect and response timeouts), so the document is never older than the services
 * behind the gateway. A service that cannot be fetched makes the answer a 503 naming it, rather than a partial
 * document: a client generated from a document missing a service would lack its operations without anyone noticing.
 */
final class ApiDocs {

    private static final Logger log = LoggerFactory.getLogger(ApiDocs.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TITLE = "Vigil API";
    static final String DESCRIPTION = "Vigil's REST API, as served by the gateway. Every call needs an OAuth2 access "
            + "token (bearerJwt) but POST /api/v1/readings, which takes a device's own token (deviceToken). Errors are "
            + "RFC 9457 problem details. The FHIR R4 API is at /fhir; GET /fhir/metadata describes it. Each "
            + "operation's x-vigil-service names the service that answers it.";

    private final ApiDocsProperties properties;
    private final WebClient client;

    ApiDocs(ApiDocsProperties properties) {
        this.properties = properties;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout());
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
    }

    Mono<ServerResponse> merged(ServerRequest request) {
        return Flux.fromIterable(properties.services().entrySet())
                .flatMapSequential(service -> fetch(service.getKey(), service.getValue()))
                .collectList()
                .flatMap(fetched -> {
                    List<String> failures = new ArrayList<>();
                    Map<String, JsonNode> documents = new LinkedHashMap<>();
                    for (Fetched one : fetched) {
                        if (one.document() != null) {
                            documents.put(one.service(), one.document());
                        } else {
                            failures.add(one.failure());
                        }
                    }
                    if (!failures.isEmpty()) {
                        return problem(request, HttpStatus.SERVICE_UNAVAILABLE, "The API document cannot be "
                                + "assembled: " + String.join("; ", failures) + ". Try again later.");
                    }
                    try {
                        return ok(ApiDocsMerger.merge(documents, properties.publicUrl(), TITLE, properties.version(),
                                DESCRIPTION));
                    } catch (ApiDocsMerger.ConflictingPathException e) {
                        return problem(request, HttpStatus.BAD_GATEWAY, "The API document cannot be assembled: "
                                + e.getMessage());
                    }
                });
    }

    Mono<ServerResponse> one(ServerRequest request) {
        String service = request.pathVariable("service");
        URI base = properties.services().get(service);
        if (base == null) {
            return problem(request, HttpStatus.NOT_FOUND, "No service named '" + service + "' publishes an API "
                    + "document; known: " + String.join(", ", properties.services().keySet()));
        }
        return fetch(service, base).flatMap(fetched -> fetched.document() != null
                ? ok(ApiDocsMerger.single(fetched.document(), properties.publicUrl()))
                : problem(request, HttpStatus.SERVICE_UNAVAILABLE, "The API document cannot be fetched: "
                        + fetched.failure() + ". Try again later."));
    }

    /** One service's document, or why it could not be had. */
    private record Fetched(String service, @org.jspecify.annotations.Nullable JsonNode document, String failure) {
    }

    private Mono<Fetched> fetch(String service, URI base) {
        return client.get()
                .uri(base.resolve(properties.path()))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(String.class)
                // Belt and braces: the connect and response timeouts bound each phase, this the whole exchange.
                .timeout(properties.connectTimeout().plus(properties.responseTimeout()))
                .map(body -> new Fetched(service, readDocument(body), ""))
                .onErrorResume(e -> {
                    String why = "the " + service + " service " + reason(e);
                    log.warn("API document of {} not fetched: {}", service, e.toString());
                    return Mono.just(new Fetched(service, null, why));
                });
    }

    private static JsonNode readDocument(String body) {
        JsonNode document = JSON.readTree(body);
        if (!document.isObject() || !document.has("openapi")) {
            throw new IllegalArgumentException("not an OpenAPI document");
        }
        return document;
    }

    private static String reason(Throwable e) {
        if (e instanceof WebClientResponseException response) {
            return "answered " + response.getStatusCode().value();
        }
        if (e instanceof TimeoutException || e instanceof io.netty.handler.timeout.ReadTimeoutException
                || e.getCause() instanceof io.netty.handler.timeout.ReadTimeoutException) {
            return "did not answer in time";
        }
        if (e instanceof JacksonException || e instanceof IllegalArgumentException) {
            return "did not answer with an OpenAPI document";
        }
        return "is unavailable";
    }

    private static Mono<ServerResponse> ok(JsonNode document) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-cache")
                .bodyValue(JSON.writeValueAsString(document));
    }

    private static Mono<ServerResponse> problem(ServerRequest request, HttpStatus status, String detail) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(JSON.writeValueAsString(
                        Problems.body(request.exchange(), status, detail)));
    }
}
