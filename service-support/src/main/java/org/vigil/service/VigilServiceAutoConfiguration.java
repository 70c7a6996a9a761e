package org.vigil.service;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/** Registers {@link CorrelationIdFilter} in servlet services and a {@code kafka} health indicator where Kafka is. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
public class VigilServiceAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {

        @Bean
        FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
            FilterRegistrationBean<CorrelationIdFilter> registration =
                    new FilterRegistrationBean<>(new CorrelationIdFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        /**
         * Right after the correlation id, before security and anything that audits: which address the audit trail
         * records. {@code vigil.http.trusted-proxies} (VIGIL_TRUSTED_PROXIES): the gateway's addresses or blocks;
         * default loopback, where {@code ./vigil up} runs the gateway.
         */
        @Bean
        FilterRegistrationBean<ClientAddress> clientAddressFilter(Environment env) {
            FilterRegistrationBean<ClientAddress> registration = new FilterRegistrationBean<>(new ClientAddress(
                    List.of(env.getProperty("vigil.http.trusted-proxies", String[].class,
                            env.getProperty("VIGIL_TRUSTED_PROXIES", String[].class,
                                    new String[] {"127.0.0.0/8", "::1/128"})))));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }

        @Bean
        UnreadableBodyAdvice unreadableBodyAdvice() {
            return new UnreadableBodyAdvice();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaAdmin.class)
    static class Kafka {

        @Bean
        @ConditionalOnBean(KafkaAdmin.class)
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealthIndicator(admin, Duration.ofSeconds(3));
        }
    }
}
