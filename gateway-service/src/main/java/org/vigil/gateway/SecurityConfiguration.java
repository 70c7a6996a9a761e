package org.vigil.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebSession;
import org.vigil.service.config.ConfiguredSecrets;
import reactor.core.publisher.Mono;

/**
 * The gateway as the secure edge. API callers ({@code /api/**}, {@code /fhir/**}) present a JWT access token, which is
 * validated here as in every service (resource server, spring.security.oauth2.resourceserver.jwt), except on
 * {@code /api/v1/readings} (opaque device tokens, ingest checks them), {@code GET /fhir/metadata} and
 * {@code GET /api/docs} (the OpenAPI document, {@link ApiDocs}); a refusal is a
 * 401 problem+json, never a redirect. Browsers sign in through the issuer as the OAuth2 client {@code vigil-dashboard}
 * (authorization code with PKCE S256); the tokens stay in the gateway's session and the access token is relayed to the
 * services (TokenRelay on the API routes). Session requests need the CSRF token on unsafe methods; bearer requests do
 * not. The issuer's own pages ({@code /login}, {@code /oauth2/*}, {@code /connect/**} ...) are routed to auth-service
 * untouched: the gateway has no login page of its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuth2ClientProperties.class)
class SecurityConfiguration {

    static final String READINGS = "/api/v1/readings";
    private static final String DASHBOARD_REGISTRATION = "vigil-dashboard";
    static final String SIGN_IN = "/oauth2/authorization/";
    /** Served by auth-service: never CSRF-checked, token-checked or given a relayed token by the gateway. */
    static final List<String> ISSUER_PATHS = List.of("/oauth2/authorize", "/oauth2/token", "/oauth2/jwks",
            "/oauth2/revoke", "/oauth2/introspect", "/.well-known/**", "/userinfo", "/connect/**", "/login");
    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    @Bean
    SecurityWebFilterChain edge(ServerHttpSecurity http, ReactiveClientRegistrationRepository registrations,
            VigilGatewayProperties properties,
            @Value("${server.reactive.session.cookie.name:SESSION}") String sessionCookie) {
        String signIn = SIGN_IN + properties.dashboard().registrationId();
        ProblemEntryPoints problems = new ProblemEntryPoints();

        DefaultServerOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        // auth-service requires PKCE from the confidential dashboard client as well: always S256.
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        RedirectServerAuthenticationSuccessHandler afterSignIn = new RedirectServerAuthenticationSuccessHandler("/session");
        OidcClientInitiatedServerLogoutSuccessHandler afterSignOut =
                new OidcClientInitiatedServerLogoutSuccessHandler(registrations);
        afterSignOut.setPostLogoutRedirectUri(properties.dashboard().postLogoutRedirectUri());

        DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(SecurityConfiguration::apiCall, problems));
        entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(signIn));

        CookieServerCsrfTokenRepository csrfTokens = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.secure(true).sameSite("Lax"));

        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(READINGS, READINGS + "/**").permitAll()
                        .pathMatchers(HttpMethod.GET, "/fhir/metadata").permitAll()
                        // The API's shape, no data: integrators generate clients from it before they have a token.
                        .pathMatchers(HttpMethod.GET, ApiDocsRoutes.PATH, ApiDocsRoutes.PATH + "/*").permitAll()
                        .pathMatchers("/api/**", "/fhir", "/fhir/**", "/session", "/app", "/app/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(bearerTokensOfApiCalls())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(Customizer.withDefaults()))
                .oauth2Login(login -> login
                        .authorizationRequestResolver(authorizationRequests)
                        .authenticationSuccessHandler((exchange, authentication) -> exchange.getExchange().getSession()
                                // A new session id once signed in: a session id planted before sign-in is worthless.
                                .flatMap(WebSession::changeSessionId)
                                .then(afterSignIn.onAuthenticationSuccess(exchange, authentication)))
                        .authenticationFailureHandler(problems::signInFailed))
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .logoutHandler(handlers -> handlers.add(new WebSessionServerLogoutHandler()))
                        .logoutSuccessHandler(afterSignOut))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(problems))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfTokens)
                        // The dashboard copies the XSRF-TOKEN cookie into X-XSRF-TOKEN as it is (no masking).
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(sessionRequestsThatChangeState(sessionCookie))
                        .accessDeniedHandler(problems))
                .addFilterAfter(issueCsrfCookie(), SecurityWebFiltersOrder.CSRF)
                .headers(headers -> headers.hsts(hsts -> hsts.disable()))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .build();
    }

    /**
     * The dashboard registration from spring.security.oauth2.client (no discovery, auth-service may start later), with
     * what the properties cannot say: the issuer (the ID token's {@code iss} is checked against it), PKCE required,
     * and the issuer's end-session endpoint for sign-out.
     */
    @Bean
    ReactiveClientRegistrationRepository clientRegistrations(OAuth2ClientProperties properties,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer, Environment env) {
        List<ClientRegistration> registrations = new OAuth2ClientPropertiesMapper(properties).asClientRegistrations()
                .values().stream()
                // Outside the demo profile a published secret would let anyone redeem sign-ins as the dashboard.
                .peek(registration -> ConfiguredSecrets.check(env, DASHBOARD_REGISTRATION.equals(registration
                        .getRegistrationId()) ? "VIGIL_DASHBOARD_CLIENT_SECRET" : "spring.security.oauth2.client"
                                + ".registration." + registration.getRegistrationId() + ".client-secret",
                        registration.getClientSecret()))
                .map(registration -> ClientRegistration.withClientRegistration(registration)
                        .issuerUri(issuer)
                        .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                        .providerConfigurationMetadata(Map.of("end_session_endpoint", issuer + "/connect/logout"))
                        .build())
                .toList();
        return new InMemoryReactiveClientRegistrationRepository(registrations);
    }

    /** The dashboard's tokens live in its web session, and go with it. */
    @Bean
    ServerOAuth2AuthorizedClientRepository authorizedClients() {
        return new WebSessionServerOAuth2AuthorizedClientRepository();
    }

    /** Used by TokenRelay and /session: refreshes an expired access token with the refresh token. */
    @Bean
    ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ReactiveClientRegistrationRepository registrations,
            ServerOAuth2AuthorizedClientRepository authorizedClients,
            ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshes) {
        DefaultReactiveOAuth2AuthorizedClientManager manager =
                new DefaultReactiveOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken(refresh -> refresh.accessTokenResponseClient(refreshes)).build());
        return manager;
    }

    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.equals("/fhir") || path.startsWith("/fhir/");
    }

    static boolean isReadings(String path) {
        return path.equals(READINGS) || path.startsWith(READINGS + "/");
    }

    static boolean isApiDocs(String path) {
        return path.equals(ApiDocsRoutes.PATH) || path.startsWith(ApiDocsRoutes.PATH + "/");
    }

    static boolean isIssuerPath(String path) {
        for (String pattern : ISSUER_PATHS) {
            if (PATHS.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static Mono<ServerWebExchangeMatcher.MatchResult> apiCall(ServerWebExchange exchange) {
        return isApi(path(exchange)) ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().pathWithinApplication().value();
    }

    /**
     * Bearer tokens are read (as JWTs) on the API paths only, and not on /api/v1/readings, whose device tokens are
     * opaque, nor on /api/docs, which is anonymous (an expired token there must not turn the document into a 401);
     * elsewhere an Authorization header travels untouched (auth-service's /userinfo, /oauth2/introspect ...).
     */
    private static ServerAuthenticationConverter bearerTokensOfApiCalls() {
        ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
        return exchange -> {
            String path = path(exchange);
            return isApi(path) && !isReadings(path) && !isApiDocs(path) ? bearer.convert(exchange) : Mono.empty();
        };
    }

    /**
     * Only a request the browser's session cookie could authenticate needs a CSRF token: an unsafe method, the session
     * cookie present, no bearer token (a browser never adds one on its own), and not the issuer's pages (auth-service
     * protects its own login form).
     */
    private static ServerWebExchangeMatcher sessionRequestsThatChangeState(String sessionCookie) {
        return exchange -> {
            var request = exchange.getRequest();
            boolean needed = !SAFE.contains(request.getMethod())
                    && request.getCookies().containsKey(sessionCookie)
                    && !hasBearer(request.getHeaders())
                    && !isIssuerPath(path(exchange));
            return needed ? ServerWebExchangeMatcher.MatchResult.match()
                    : ServerWebExchangeMatcher.MatchResult.notMatch();
        };
    }

    private static boolean hasBearer(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** Writes the XSRF-TOKEN cookie (the token is created lazily) for browser requests, so the dashboard can read it. */
    private static WebFilter issueCsrfCookie() {
        return (exchange, chain) -> {
            Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
            if (token == null || hasBearer(exchange.getRequest().getHeaders()) || isIssuerPath(path(exchange))) {
                return chain.filter(exchange);
            }
            return token.then(chain.filter(exchange));
        };
    }
}
