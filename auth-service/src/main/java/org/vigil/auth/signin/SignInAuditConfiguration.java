package org.vigil.auth.signin;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vigil.service.security.AuditTrail;

/**
 * The audit trail of sign-ins: service-support's {@link AuditTrail} (acks=all, its own idempotent producer), to the
 * Kafka of {@code spring.kafka.bootstrap-servers} ({@code VIGIL_KAFKA_BOOTSTRAP}).
 */
@Configuration(proxyBeanMethods = false)
class SignInAuditConfiguration {

    @Bean
    AuditTrail signInAuditTrail(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${vigil.auth.audit-timeout:PT5S}") Duration timeout) {
        return AuditTrail.connectedTo(Map.of("bootstrap.servers", bootstrapServers, "client.id", "auth-service"),
                timeout);
    }

    @Bean
    SignInAudit signInAudit(AuditTrail signInAuditTrail) {
        return new SignInAudit(signInAuditTrail, Clock.systemUTC());
    }
}
