package org.vigil.gateway;

import io.netty.channel.ChannelOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.JwkSetUriReactiveJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway's own calls to the issuer, each with a connect and a response timeout
 * ({@code vigil.gateway.issuer.*}): the code exchange at sign-in and the refresh of a session's access token
 * ({@code /oauth2/token}), and the signing keys ({@code /oauth2/jwks}) for ID tokens and for bearer tokens. Spring
 * Security makes each of these with a {@link WebClient} of its own that never times out, so an issuer that accepts the
 * connection and never answers held a browser's sign-in, or every API call with a new signing key, open for good
 * (issue 16: nothing hangs). With these clients such a call fails after the response timeout, and the caller gets the
 * sign-in failure or the 401 it would get for any issuer error.
 */
@Configuration(proxyBeanMethods = false)
class IssuerClients {

    private final WebClient issuer;

    IssuerClients(VigilGatewayProperties properties) {
        VigilGatewayProperties.Issuer timeouts = properties.issuer();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connectTimeout().toMillis())
                .responseTimeout(timeouts.responseTimeout());
        this.issuer = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    /** The code exchange at the end of a browser's sign-in (found by type by oauth2Login). */
    @Bean
    ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeTokenResponseClient() {
        WebClientReactiveAuthorizationCodeTokenResponseClient client =
                new WebClientReactiveAuthorizationCodeTokenResponseClient();
        client.setWebClient(issuer);
        return client;
    }

    /** The refresh of a session's access token (TokenRelay, /session). */
    @Bean
    ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshTokenResponseClient() {
        WebClientReactiveRefreshTokenTokenResponseClient client = new WebClientReactiveRefreshTokenTokenResponseClient();
        client.setWebClient(issuer);
        return client;
    }

    /** The signing keys of bearer tokens on the API paths (Spring Boot's resource-server decoder). */
    @Bean
    JwkSetUriReactiveJwtDecoderBuilderCustomizer issuerKeysWithTimeouts() {
        return builder -> builder.webClient(issuer);
    }

    /**
     * ID tokens at sign-in: decoded as Spring Security's {@link ReactiveOidcIdTokenDecoderFactory} does (RS256, the
     * OpenID Connect checks of {@link OidcIdTokenValidator}, its claim types), with the keys fetched by this client.
     */
    @Bean
    ReactiveJwtDecoderFactory<ClientRegistration> idTokenDecoderFactory() {
        Map<String, ReactiveJwtDecoder> decoders = new ConcurrentHashMap<>();
        return registration -> decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                    .withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
                    .jwsAlgorithm(SignatureAlgorithm.RS256)
                    .webClient(issuer)
                    .build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                    new OidcIdTokenValidator(registration)));
            decoder.setClaimSetConverter(
                    new ClaimTypeConverter(ReactiveOidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
            return decoder;
        });
    }
}
