package org.vigil.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real, tiny OAuth2 issuer for integration tests: an RS256 key, its JWKS served over HTTP on loopback, a
 * client-credentials token endpoint (any client, the scope asked for), and methods that mint the tokens each role
 * would carry, plus the bad ones a service must refuse. The services validate these exactly as they validate the
 * embedded auth-service's: issuer, audience, expiry and signature through the JWKS URL.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void issuer(DynamicPropertyRegistry registry) {
 *     TestIssuer.register(registry);
 * }
 * ... .header("Authorization", "Bearer " + TestIssuer.clinician("ada"))
 * }</pre>
 */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.vigil.test";
    public static final String AUDIENCE = "vigil";
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private static @Nullable TestIssuer instance;

    private final RSAKey key;
    private final RSAKey strangerKey;
    private final HttpServer server;

    private TestIssuer() throws JOSEException, IOException {
        this.key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
        this.strangerKey = new RSAKeyGenerator(2048).keyID("stranger-" + UUID.randomUUID()).generate();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server.createContext("/oauth2/jwks", exchange -> answer(exchange, 200, jwks));
        server.createContext("/oauth2/token", this::token);
        server.start();
    }

    private static synchronized TestIssuer get() {
        if (instance == null) {
            try {
                instance = new TestIssuer();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** Points the service's token validation and its own service-token client at this issuer. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestIssuer::jwksUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
        registry.add("spring.security.oauth2.resourceserver.jwt.jws-algorithms", () -> "RS256");
        registry.add("vigil.security.service-client.token-uri", TestIssuer::tokenUri);
        // Outside the demo profile a service does not start without a secret of its own (issue 13).
        registry.add("VIGIL_SERVICE_CLIENT_SECRET", () -> "it-service-client-secret");
    }

    public static String jwksUri() {
        return base() + "/oauth2/jwks";
    }

    public static String tokenUri() {
        return base() + "/oauth2/token";
    }

    private static String base() {
        return "http://127.0.0.1:" + get().server.getAddress().getPort();
    }

    public static String clinician(String subject) {
        return user(subject, List.of("clinician"), "openid profile");
    }

    public static String admin() {
        return user("admin", List.of("admin"), "openid profile");
    }

    /** A person who runs the platform (dead letters), with the operator role and no other. */
    public static String operator(String subject) {
        return user(subject, List.of("operator"), "openid profile");
    }

    /** A person with the patient role; vitals-service links them to their record. */
    public static String patientUser(String subject) {
        return user(subject, List.of("patient"), "openid profile");
    }

    public static String user(String subject, List<String> roles, String scope) {
        return token(claims(subject, "vigil-dashboard", roles, scope).build());
    }

    /** A backend client (client credentials) with these SMART scopes, e.g. {@code system/Observation.rs}. */
    public static String integrator(String clientId, String scope) {
        return token(claims(clientId, clientId, List.of("integrator"), scope).build());
    }

    /** Every internal scope there is: what a test calling any /internal endpoint presents. */
    public static final String ALL_INTERNAL_SCOPES = "internal:devices.read internal:reading-claims.write "
            + "internal:readings.read internal:patients.read internal:records.write internal:relationships.read "
            + "internal:alerts.read internal:news2.read internal:audit.read";

    /** What a Vigil service holding every internal scope presents to another's /internal API. */
    public static String service() {
        return service("test-service", ALL_INTERNAL_SCOPES);
    }

    /** The token of service {@code clientId}'s own client with exactly these (space-separated) scopes. */
    public static String service(String clientId, String scope) {
        return token(claims(clientId, clientId, List.of("service"), scope).build());
    }

    public static String expired(String subject) {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return token(claims(subject, "vigil-dashboard", List.of("clinician"), "openid")
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plus(LIFETIME))).build());
    }

    public static String wrongAudience(String subject) {
        return token(claims(subject, "vigil-dashboard", List.of("clinician"), "openid").audience("other-api").build());
    }

    public static String wrongIssuer(String subject) {
        return token(claims(subject, "vigil-dashboard", List.of("clinician"), "openid")
                .issuer("https://elsewhere.test").build());
    }

    /** Well formed and signed, but by a key the issuer never published. */
    public static String unknownKey(String subject) {
        return sign(claims(subject, "vigil-dashboard", List.of("clinician"), "openid").build(), get().strangerKey);
    }

    /** An unsigned token ({@code alg: none}) claiming to be a clinician. */
    public static String algNone(String subject) {
        return new PlainJWT(claims(subject, "vigil-dashboard", List.of("clinician"), "openid").build()).serialize();
    }

    /** The claims the embedded auth-service writes; adjust and pass to {@link #token(JWTClaimsSet)}. */
    public static JWTClaimsSet.Builder claims(String subject, String clientId, List<String> roles, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId)
                .claim("azp", clientId)
                .claim("roles", roles)
                .claim("scope", scope);
    }

    public static String token(JWTClaimsSet claims) {
        return sign(claims, get().key);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String scope = form.getOrDefault("scope", "");
        String client = clientId(exchange.getRequestHeaders().getFirst("Authorization"));
        String token = sign(claims(client, client, List.of("service"), scope).build(), key);
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + LIFETIME.toSeconds() + ",\"scope\":\"" + scope + "\"}");
    }

    /** The client id of an HTTP Basic client authentication, as the services send it. */
    private static String clientId(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return "unknown-client";
        }
        String pair = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
        return URLDecoder.decode(pair.substring(0, Math.max(0, pair.indexOf(':'))), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
