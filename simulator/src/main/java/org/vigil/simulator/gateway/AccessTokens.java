package org.vigil.simulator.gateway;

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
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth2 client credentials (RFC 6749 section 4.4) at the gateway's {@code /oauth2/token}: HTTP Basic with the client
 * id and secret, {@code grant_type=client_credentials} and no scope, so the issuer grants the client's registered
 * scopes. The token is kept until shortly before it expires or until the API refuses it with a 401. Neither the
 * secret nor a token ever appears in a message of this class.
 */
public final class AccessTokens {

    /** Fetch a new token this long before the old one expires, so that none expires on its way to the gateway. */
    static final Duration EARLY = Duration.ofSeconds(30);
    private static final Set<Integer> NOT_YET = Set.of(502, 503, 504);

    private final URI tokenUri;
    private final String basicAuthorization;
    private final String clientId;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration requestTimeout;
    private final Clock clock;
    private @Nullable String token;
    private Instant refreshAt = Instant.MIN;

    public AccessTokens(URI gateway, String clientId, String clientSecret, HttpClient http, Duration requestTimeout) {
        this(URI.create(gateway.toString().replaceAll("/+$", "") + "/oauth2/token"), clientId, clientSecret, http,
                JsonMapper.builder().build(), requestTimeout, Clock.systemUTC());
    }

    AccessTokens(URI tokenUri, String clientId, String clientSecret, HttpClient http, JsonMapper json,
            Duration requestTimeout, Clock clock) {
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        // RFC 6749 2.3.1: both form-urlencoded before they are joined, so a ':' in either survives.
        String pair = form(clientId) + ":" + form(clientSecret);
        this.basicAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                pair.getBytes(StandardCharsets.UTF_8));
        this.http = http;
        this.json = json;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    public String clientId() {
        return clientId;
    }

    /**
     * {@code Bearer <token>}, fetching a token when there is none or it is about to expire.
     *
     * @throws IOException the token endpoint could not be reached or is not available yet (502/503/504): worth
     *     trying again later
     * @throws ProvisioningException the issuer refused: the message says why in words, never with the secret
     */
    public synchronized String authorization() throws IOException, ProvisioningException, InterruptedException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return "Bearer " + token;
    }

    /** The API refused {@code authorization} (401): the next call fetches a new token, unless one came meanwhile. */
    public synchronized void refused(String authorization) {
        if (token != null && authorization.equals("Bearer " + token)) {
            token = null;
        }
    }

    private void fetch() throws IOException, ProvisioningException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(requestTimeout)
                .header("Authorization", basicAuthorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        Instant asked = clock.instant();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (NOT_YET.contains(status)) {
            throw new TokenEndpointUnavailable(status);
        }
        JsonNode body = tree(response.body());
        if (status != 200) {
            throw new ProvisioningException(refusal(status, body));
        }
        JsonNode accessToken = body.path("access_token");
        if (!accessToken.isString() || accessToken.stringValue().isBlank()
                || !"bearer".equalsIgnoreCase(body.path("token_type").asString("bearer"))) {
            throw new ProvisioningException("POST " + tokenUri.getPath()
                    + " answered 200 without a bearer access_token");
        }
        long expiresIn = body.path("expires_in").asLong(300);
        Duration lifetime = Duration.ofSeconds(Math.max(expiresIn, 0));
        // Short-lived tokens are renewed at half their life instead of being renewed on every call.
        Duration early = lifetime.compareTo(EARLY.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : EARLY;
        token = accessToken.stringValue();
        refreshAt = asked.plus(lifetime).minus(early);
    }

    private String refusal(int status, JsonNode body) {
        String error = body.path("error").asString("");
        String description = body.path("error_description").asString("");
        String why = switch (error) {
            case "invalid_client" -> "the client id or secret was refused (client '" + clientId + "')";
            case "unauthorized_client" -> "client '" + clientId + "' may not use the client credentials grant";
            case "invalid_scope" -> "client '" + clientId + "' has no scopes it may be given";
            case "invalid_grant", "unsupported_grant_type" -> "the issuer does not accept the client credentials grant";
            default -> status == 401 ? "the client id or secret was refused (client '" + clientId + "')"
                    : status == 404 ? "there is no token endpoint at " + tokenUri
                    : "the token endpoint answered " + status;
        };
        return "could not get an access token: " + why + (error.isEmpty() ? "" : " [" + error + "]")
                + (description.isBlank() ? "" : ": " + description);
    }

    private JsonNode tree(String body) {
        if (body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException notJson) {
            return json.missingNode();
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The token endpoint answered 502, 503 or 504: the platform is still starting. */
    static final class TokenEndpointUnavailable extends IOException {

        TokenEndpointUnavailable(int status) {
            super("HTTP " + status + " from the token endpoint");
        }
    }
}
