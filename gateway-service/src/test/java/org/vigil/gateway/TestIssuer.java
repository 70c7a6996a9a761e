package org.vigil.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * auth-service as far as the gateway sees it: an RSA signing key whose public half is served at /oauth2/jwks, and
 * access tokens minted with it in the contract's shape (iss, aud vigil, sub, client_id, azp, roles, 5 minutes).
 */
final class TestIssuer implements AutoCloseable {

    static final String AUDIENCE = "vigil";

    final String issuer;
    private final RSAKey key;
    private final HttpServer server;

    TestIssuer(String issuer) {
        this.issuer = issuer;
        this.key = newKey("test-key-1");
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        serve("/oauth2/jwks", exchange -> {
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    String jwksUri() {
        return url() + "/oauth2/jwks";
    }

    static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid access token for the client {@code clientId}, changed by {@code change}. */
    String token(String clientId, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key, change.apply(claims(clientId)).build());
    }

    String token(String clientId) {
        return token(clientId, claims -> claims);
    }

    JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(List.of(AUDIENCE))
                .claim("client_id", subject)
                .claim("azp", subject)
                .claim("roles", List.of("integrator"))
                .claim("scope", "system/Observation.rs")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    String sign(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    static String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims, unsigned ({@code "alg": "none"}). */
    String unsigned(String clientId) {
        return new PlainJWT(claims(clientId).build()).serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
