package org.vigil.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HTTP client against a running auth-service: what a service, an integrator or a browser does. Redirects are
 * not followed, so that each step of a flow can be asserted; cookies are kept, like a browser does.
 */
final class Http {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;

    private final HttpClient client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .cookieHandler(new CookieManager())
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    Http(int port) {
        this.base = "http://localhost:" + port;
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String pathOrUrl, String... headers) {
        var request = HttpRequest.newBuilder(uri(pathOrUrl)).timeout(TIMEOUT).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> postForm(String pathOrUrl, Map<String, String> form, String... headers) {
        var request = HttpRequest.newBuilder(uri(pathOrUrl)).timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A token request authenticated with HTTP Basic (client_secret_basic). */
    HttpResponse<String> token(String clientId, String secret, Map<String, String> form) {
        return postForm("/oauth2/token", form, "Authorization", basic(clientId, secret));
    }

    HttpResponse<String> clientCredentials(String clientId, String secret) {
        return token(clientId, secret, Map.of("grant_type", "client_credentials"));
    }

    HttpResponse<String> clientCredentials(String clientId, String secret, String scope) {
        return token(clientId, secret, Map.of("grant_type", "client_credentials", "scope", scope));
    }

    /** The access token of a successful token response, after checking its signature against /oauth2/jwks. */
    SignedJWT verifiedAccessToken(HttpResponse<String> tokenResponse) {
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        return verified((String) json(tokenResponse).get("access_token"));
    }

    SignedJWT verified(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
            RSAKey key = jwks().getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
            assertThat(key.isPrivate()).as("JWKS publishes only public keys").isFalse();
            assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature verifies against /oauth2/jwks").isTrue();
            return jwt;
        }
        catch (ParseException | JOSEException ex) {
            throw new AssertionError(ex);
        }
    }

    JWKSet jwks() {
        var response = get("/oauth2/jwks");
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return JWKSet.parse(response.body());
        }
        catch (ParseException ex) {
            throw new AssertionError(ex);
        }
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        }
        catch (ParseException ex) {
            throw new AssertionError("not JSON: " + response.body(), ex);
        }
    }

    static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("a redirect").isBetween(300, 399);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** The query parameters of a URL, decoded. */
    static Map<String, String> query(String url) {
        String query = URI.create(url).getRawQuery();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                parameters.put(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
            }
        }
        return parameters;
    }

    static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static String encode(Map<String, String> form) {
        return form.entrySet()
            .stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }

    /** A fresh, not yet existing key file in a new temporary directory. */
    static String freshKeyFile() {
        try {
            return Files.createTempDirectory("vigil-auth-key").resolve("keys").resolve("signing-key.json").toString();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
