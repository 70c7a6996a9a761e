package org.vigil.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Access tokens as an integrator gets them: OAuth2 client credentials at the gateway's {@code POST /oauth2/token}
 * (HTTP Basic client authentication), kept until a minute before they expire.
 */
final class Tokens {

    static final String ADMIN_CLIENT = "demo-admin";
    static final String ADMIN_SECRET = "demo-admin-secret";
    static final String INTEGRATOR_CLIENT = "demo-integrator";
    static final String INTEGRATOR_SECRET = "demo-integrator-secret";

    private record Cached(String token, Instant renewAt) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    static String admin() {
        return clientCredentials(ADMIN_CLIENT, ADMIN_SECRET, null);
    }

    static String integrator() {
        return clientCredentials(INTEGRATOR_CLIENT, INTEGRATOR_SECRET, null);
    }

    /** A token of this client, for the scopes named (space-separated) or, if null, all it is registered for. */
    static String clientCredentials(String clientId, String secret, String scope) {
        String key = clientId + " " + scope;
        Cached cached = CACHE.get(key);
        if (cached != null && Instant.now().isBefore(cached.renewAt())) {
            return cached.token();
        }
        JsonNode answer = request(clientId, secret, scope);
        String token = answer.get("access_token").asString();
        CACHE.put(key, new Cached(token, Instant.now().plusSeconds(answer.get("expires_in").asLong() - 60)));
        return token;
    }

    /** The token endpoint's raw answer: status and body. */
    static HttpResponse<String> raw(String clientId, String secret, String form) {
        URI uri = Platform.get().gateway().resolve("/oauth2/token");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            // Built here, after Platform.get(): the client takes the default SSLContext (with the platform's
            // truststore) when it is built.
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("token request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode request(String clientId, String secret, String scope) {
        String form = "grant_type=client_credentials" + (scope == null ? "" : "&scope="
                + java.net.URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpResponse<String> response = raw(clientId, secret, form);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + " for " + clientId
                    + ": " + response.body());
        }
        return Api.JSON.readTree(response.body());
    }
}
