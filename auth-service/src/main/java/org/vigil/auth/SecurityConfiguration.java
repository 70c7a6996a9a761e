package org.vigil.auth;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.vigil.auth.signin.SignInAudit;
import org.vigil.auth.token.AllRegisteredScopesByDefault;

/**
 * Two filter chains: the protocol endpoints (token, authorize, JWKS, discovery, userinfo, logout), and everything else
 * (form login at /login, actuator). The issuer is fixed, so tokens and the discovery document name the gateway's
 * public URL whichever way a request arrives.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.oidc(Customizer.withDefaults())
                .tokenEndpoint(token -> token
                    .authenticationProviders(AllRegisteredScopesByDefault::wrapClientCredentialsProvider));
        })
            .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
            // Userinfo is called with an access token.
            .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
            // A browser that is not logged in goes to the login form; API clients get 401.
            .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"), browsers()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginAndActuator(HttpSecurity http, SignInAudit signIns) throws Exception {
        http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                    "/error")
            .permitAll()
            .anyRequest()
            .authenticated())
            // Every sign-in and every failed attempt is audited (signin.SignInAudit).
            .formLogin(form -> form.successHandler(signIns).failureHandler(signIns));
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    private static MediaTypeRequestMatcher browsers() {
        var matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return matcher;
    }
}
