package org.vigil.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodyBytes requests declaring a larger Content-Length are answered 413 without being forwarded; services may
 *     enforce less (ingest takes 1 MiB)
 * @param rateLimit the per-caller token buckets
 * @param signIn the bounds on requests and sessions of callers not signed in
 * @param dashboard the browser sign-in
 * @param issuer the gateway's own calls to the issuer
 */
@ConfigurationProperties("vigil.gateway")
record VigilGatewayProperties(@DefaultValue("2MB") DataSize maxBodyBytes, @DefaultValue RateLimit rateLimit,
        @DefaultValue SignIn signIn, @DefaultValue Dashboard dashboard, @DefaultValue Issuer issuer) {

    /**
     * @param connectTimeout how long a connection to the issuer may take
     * @param responseTimeout how long the issuer may take to answer a token exchange, a refresh or a key request
     */
    record Issuer(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration responseTimeout) {
    }

    /**
     * @param requestsPerSecond the sustained rate at which one address may send requests that start a session
     * @param burst how many such requests one address may send at once
     * @param maxAnonymousSessions how many sessions without a signed-in user are kept; more evict the oldest
     */
    record SignIn(@DefaultValue("1") double requestsPerSecond, @DefaultValue("50") int burst,
            @DefaultValue("2000") int maxAnonymousSessions) {
    }

    /**
     * @param requestsPerSecond the sustained rate each caller may send
     * @param burst how many requests a caller may send at once after being idle
     * @param maxCallers how many callers are tracked at once; beyond that, new callers share one bucket until idle
     *     buckets are evicted
     */
    record RateLimit(@DefaultValue("100") double requestsPerSecond, @DefaultValue("200") int burst,
            @DefaultValue("100000") int maxCallers) {
    }

    /**
     * @param registrationId the OAuth2 client registration the dashboard signs in with
     * @param postLogoutRedirectUri where the issuer sends the browser after signing out ({@code {baseUrl}} is the
     *     gateway's own https URL); must be registered with the issuer for the client
     */
    record Dashboard(@DefaultValue("vigil-dashboard") String registrationId,
            @DefaultValue("{baseUrl}/app/") String postLogoutRedirectUri) {
    }
}
