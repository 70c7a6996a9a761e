package org.vigil.service.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's own access token for calling the other services' {@code /internal} APIs: OAuth2 client credentials
 * of this service's own client, asking for the {@code internal:*} scopes of what it calls (issue 13: one client and
 * one scope for every service let any of them read everything), fetched when needed and reused until shortly before
 * it expires.
 */
public class ServiceTokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final URI tokenUri;
    private final String basic;
    private final String scopes;
    private final HttpClient http;
    private final Clock clock;
    private @Nullable String token;
    private Instant renewAt = Instant.MIN;

    /** @param scopes space-separated, e.g. {@code internal:devices.read internal:reading-claims.write} */
    public ServiceTokens(URI tokenUri, String clientId, String clientSecret, String scopes, Clock clock) {
        this.tokenUri = tokenUri;
        this.scopes = scopes.strip();
        this.basic = "Basic " + Base64.getEncoder().encodeToString(
                (URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.clock = clock;
    }

    /** {@code Bearer <token>}, for an Authorization header; throws {@link ServiceTokenUnavailableException}. */
    public synchronized String authorization() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(renewAt)) {
            fetch(now);
        }
        return "Bearer " + token;
    }

    /**
     * Forgets this token if it is still the one in use, after another service refused it (401): the issuer may have
     * rotated its key. The next call fetches a new one instead of failing until the old one expires.
     */
    public synchronized void refused(String authorization) {
        if (token != null && authorization.equals("Bearer " + token)) {
            token = null;
        }
    }

    /** Adds this service's token to every request of a {@code RestClient}, and forgets it when it is refused. */
    public ClientHttpRequestInterceptor interceptor() {
        return (request, body, execution) -> {
            String authorization = authorization();
            request.getHeaders().set(HttpHeaders.AUTHORIZATION, authorization);
            ClientHttpResponse response = execution.execute(request, body);
            if (response.getStatusCode().value() == 401) {
                refused(authorization);
            }
            return response;
        };
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(@JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") @Nullable Long expiresIn) {
    }

    private void fetch(Instant now) {
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(Duration.ofSeconds(5))
                .header(HttpHeaders.AUTHORIZATION, basic)
                .header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"
                        + (scopes.isEmpty() ? "" : "&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8))))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ServiceTokenUnavailableException("the token endpoint answered " + response.statusCode());
            }
            TokenResponse parsed = JSON.readValue(response.body(), TokenResponse.class);
            long lifetime = parsed.expiresIn() == null ? 300 : parsed.expiresIn();
            token = parsed.accessToken();
            renewAt = now.plusSeconds(lifetime).minus(EARLY);
        } catch (IOException e) {
            throw new ServiceTokenUnavailableException("the token endpoint could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceTokenUnavailableException("interrupted");
        } catch (RuntimeException e) {
            if (e instanceof ServiceTokenUnavailableException) {
                throw e;
            }
            throw new ServiceTokenUnavailableException("the token endpoint's answer could not be read");
        }
    }
}
