package org.vigil.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything the issuer is configured by. Clients and users are maps keyed by client id and user name (rather than
 * lists) so that a profile file adds to them instead of replacing them: the {@code demo} profile adds its identities
 * beside the always-present {@code vigil-services} client.
 *
 * @param issuer         the {@code iss} of every token and the base of the discovery document's endpoint URLs
 * @param audience       the single {@code aud} of every access token
 * @param accessTokenTtl lifetime of access tokens
 */
@ConfigurationProperties("vigil.auth")
public record AuthProperties(String issuer, String audience, Duration accessTokenTtl, SigningKey signingKey,
        Map<String, Client> clients, Map<String, User> users) {

    public AuthProperties(String issuer, String audience, Duration accessTokenTtl, SigningKey signingKey,
            @Nullable Map<String, Client> clients, @Nullable Map<String, User> users) {
        this.issuer = issuer;
        this.audience = audience;
        this.accessTokenTtl = accessTokenTtl;
        this.signingKey = signingKey;
        this.clients = clients == null ? Map.of() : Map.copyOf(clients);
        this.users = users == null ? Map.of() : Map.copyOf(users);
    }

    /**
     * Where the RS256 key comes from: a PKCS12 keystore when {@code keystore} is set, otherwise a JWK file that is
     * generated on first start.
     */
    public record SigningKey(String file, @Nullable String keystore, @Nullable String keystorePassword,
            @Nullable String keyAlias) {

        public boolean usesKeystore() {
            return keystore != null && !keystore.isBlank();
        }

        @Override
        public String toString() {
            return "SigningKey[file=" + file + ", keystore=" + keystore + ", keyAlias=" + keyAlias + "]";
        }
    }

    /**
     * A registered OAuth client.
     *
     * @param clientId     overrides the map key as the client id (lets {@code VIGIL_SERVICE_CLIENT_ID} rename the
     *                     services' client)
     * @param secret       plain (demo) or delegating-encoded ({@code {bcrypt}...}); only a hash is kept in memory
     * @param roles        the {@code roles} claim of client-credentials tokens
     * @param requirePkce  authorization_code only with a S256 code challenge
     * @param requireConsent show the consent screen before issuing a code
     * @param postLogoutRedirectUris where OIDC RP-initiated logout ({@code /connect/logout}) may send the browser
     */
    public record Client(@Nullable String clientId, String secret, Set<String> grantTypes, Set<String> scopes,
            List<String> roles, Set<String> redirectUris, boolean requirePkce, boolean requireConsent,
            Set<String> postLogoutRedirectUris) {

        public Client(@Nullable String clientId, String secret, @Nullable Set<String> grantTypes,
                @Nullable Set<String> scopes, @Nullable List<String> roles, @Nullable Set<String> redirectUris,
                boolean requirePkce, boolean requireConsent, @Nullable Set<String> postLogoutRedirectUris) {
            this.clientId = clientId;
            this.secret = secret;
            this.grantTypes = grantTypes == null ? Set.of() : Set.copyOf(grantTypes);
            this.scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
            this.roles = roles == null ? List.of() : List.copyOf(roles);
            this.redirectUris = redirectUris == null ? Set.of() : Set.copyOf(redirectUris);
            this.requirePkce = requirePkce;
            this.requireConsent = requireConsent;
            this.postLogoutRedirectUris = postLogoutRedirectUris == null ? Set.of() : Set.copyOf(postLogoutRedirectUris);
        }

        @Override
        public String toString() {
            return "Client[" + clientId + ", secret=***]";
        }
    }

    /** A person who logs in with the form at /login. */
    public record User(String password, List<String> roles) {

        public User(String password, @Nullable List<String> roles) {
            this.password = password;
            this.roles = roles == null ? List.of() : List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "User[password=***, roles=" + roles + "]";
        }
    }

    @Override
    public String toString() {
        return "AuthProperties[issuer=" + issuer + ", clients=" + clients.keySet() + ", users=" + users.keySet() + "]";
    }
}
