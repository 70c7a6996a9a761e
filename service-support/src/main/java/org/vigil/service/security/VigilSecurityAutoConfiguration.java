package org.vigil.service.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.vigil.common.events.Topics;
import org.vigil.service.config.ConfiguredSecrets;

/**
 * Secures every servlet service alike: an OAuth2 resource server (the token's issuer, audience, expiry and RS256
 * signature are checked by Boot's JwtDecoder from {@code spring.security.oauth2.resourceserver.jwt.*}), with
 * {@code /internal/**} for the services' own tokens, each endpoint with its own scope
 * ({@code vigil.security.internal-endpoints}, {@link InternalEndpoint}), open actuator probes, and every refusal answered as
 * problem+json and audited. Services decide per patient with {@link PatientAccess}.
 *
 * <p>Configuration: {@code vigil.security.open-paths} (paths with no OAuth2 at all, e.g. ingest's device endpoint),
 * {@code VIGIL_OAUTH_ROLES_CLAIM}, {@code VIGIL_OAUTH_TOKEN_URI}, {@code VIGIL_SERVICE_CLIENT_ID},
 * {@code VIGIL_SERVICE_CLIENT_SECRET}, {@code VIGIL_VITALS_URL}; {@code vigil.security.enabled=false} turns it off
 * (auth-service, which secures itself).
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet"
                    + ".OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "vigil.security.enabled", havingValue = "true", matchIfMissing = true)
public class VigilSecurityAutoConfiguration {

    private static final String[] PROBES = {"/actuator/health", "/actuator/health/**", "/actuator/info",
        "/actuator/prometheus"};

    @Bean
    AuditTrail auditTrail(KafkaProperties kafka, Environment env) {
        return new AuditTrail(kafka.buildProducerProperties(),
                env.getProperty("vigil.security.audit-timeout", Duration.class, Duration.ofSeconds(5)));
    }

    /** Declared by every service that audits, with the partitions and replication the service declares its own with. */
    @Bean
    NewTopic vigilAuditTopic(Environment env) {
        return new NewTopic(Topics.AUDIT_RECORDED.name(),
                env.getProperty("vigil.kafka.partitions", Integer.class,
                        env.getProperty("VIGIL_KAFKA_PARTITIONS", Integer.class, 6)),
                env.getProperty("vigil.kafka.replication", Short.class,
                        env.getProperty("VIGIL_KAFKA_REPLICATION", Short.class, (short) 1)));
    }

    /**
     * This service's own client at the issuer: {@code VIGIL_SERVICE_CLIENT_ID} (default: the service's name),
     * {@code VIGIL_SERVICE_CLIENT_SECRET} (required outside the demo profile unless the service calls no internal API),
     * asking for {@code vigil.security.service-client.scopes}.
     */
    @Bean
    @ConditionalOnMissingBean
    ServiceTokens serviceTokens(Environment env) {
        String clientId = env.getProperty("VIGIL_SERVICE_CLIENT_ID", serviceName(env));
        String scopes = env.getProperty("vigil.security.service-client.scopes", "");
        String secret = scopes.isBlank() ? env.getProperty("VIGIL_SERVICE_CLIENT_SECRET", "")
                : ConfiguredSecrets.require(env, "VIGIL_SERVICE_CLIENT_SECRET", clientId + "-demo-secret");
        return new ServiceTokens(
                URI.create(env.getProperty("vigil.security.service-client.token-uri",
                        env.getProperty("VIGIL_OAUTH_TOKEN_URI", "http://localhost:8085/oauth2/token"))),
                clientId, secret, scopes, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    PatientRelationships patientRelationships(ServiceTokens tokens, Environment env) {
        return new HttpPatientRelationships(URI.create(env.getProperty("VIGIL_VITALS_URL", "http://localhost:8082")),
                tokens, env.getProperty("vigil.security.relationships-cache", Duration.class, Duration.ofSeconds(5)),
                Clock.systemUTC());
    }

    @Bean
    PatientAccess patientAccess(PatientRelationships relationships, AuditTrail audit, Environment env) {
        return new PatientAccess(relationships, audit, serviceName(env), Clock.systemUTC());
    }

    @Bean
    Refusals refusals(AuditTrail audit, Environment env) {
        return new Refusals(audit, serviceName(env), Clock.systemUTC());
    }

    @Bean
    SecurityProblems vigilSecurityProblems(Refusals refusals) {
        return new SecurityProblems(refusals);
    }

    @Bean
    @Order(1)
    SecurityFilterChain vigilOpenPaths(HttpSecurity http, Environment env) throws Exception {
        List<String> open = new ArrayList<>(List.of(PROBES));
        open.addAll(List.of(env.getProperty("vigil.security.open-paths", String[].class, new String[0])));
        return http.securityMatcher(open.toArray(String[]::new))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain vigilTokens(HttpSecurity http, @Qualifier("vigilSecurityProblems") SecurityProblems problems,
            Environment env) throws Exception {
        VigilJwtConverter converter = new VigilJwtConverter(env.getProperty("VIGIL_OAUTH_ROLES_CLAIM", "roles"));
        List<InternalEndpoint> internal = InternalEndpoint.of(env);
        return http
                .authorizeHttpRequests(a -> {
                    // Each internal endpoint wants the scope of what it serves (issue 13); one not listed is refused.
                    for (InternalEndpoint endpoint : internal) {
                        endpoint.authorize(a);
                    }
                    a.requestMatchers("/internal/**").denyAll()
                            .requestMatchers("/error").permitAll()
                            .anyRequest().authenticated();
                })
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    private static String serviceName(Environment env) {
        return env.getProperty("spring.application.name", "unknown-service");
    }
}
