package org.vigil.service;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.util.unit.DataSize;
import org.vigil.service.stream.StreamLimitAdvice;
import org.vigil.service.stream.StreamSlots;

/**
 * Registers {@link CorrelationIdFilter}, {@link BodySizeLimitFilter}, {@link ClientAddress} and the stream caps ({@link StreamSlots}) in
 * servlet services and a {@code kafka} health indicator where Kafka is.
 */
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
         * Right after the correlation id, before security: an oversized body is refused before anyone reads it. Ingest
         * keeps its own lower limit on readings ({@code vigil.ingest.max-body-bytes}).
         */
        @Bean
        FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
                @Value("${vigil.http.max-body-size:2MB}") DataSize maxBodySize) {
            FilterRegistrationBean<BodySizeLimitFilter> registration =
                    new FilterRegistrationBean<>(new BodySizeLimitFilter(maxBodySize.toBytes()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }

        /**
         * Right after the body limit, before security and anything that audits: which address the audit trail
         * records. {@code vigil.http.trusted-proxies} (VIGIL_TRUSTED_PROXIES): the gateway's addresses or blocks;
         * default loopback, where {@code ./vigil up} runs the gateway.
         */
        @Bean
        FilterRegistrationBean<ClientAddress> clientAddressFilter(Environment env) {
            FilterRegistrationBean<ClientAddress> registration = new FilterRegistrationBean<>(new ClientAddress(
                    List.of(env.getProperty("vigil.http.trusted-proxies", String[].class,
                            env.getProperty("VIGIL_TRUSTED_PROXIES", String[].class,
                                    new String[] {"127.0.0.0/8", "::1/128"})))));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
            return registration;
        }

        @Bean
        UnreadableBodyAdvice unreadableBodyAdvice() {
            return new UnreadableBodyAdvice();
        }

        /** Caps on open Server-Sent Events streams, for the services that serve them (alert-service). */
        @Bean
        @ConditionalOnMissingBean
        StreamSlots streamSlots(@Value("${vigil.streams.max-per-caller:5}") int maxPerCaller,
                @Value("${vigil.streams.max-total:1000}") int maxTotal,
                @Value("${vigil.streams.retry-after:PT30S}") Duration retryAfter) {
            return new StreamSlots(maxPerCaller, maxTotal, retryAfter);
        }

        @Bean
        StreamLimitAdvice streamLimitAdvice() {
            return new StreamLimitAdvice();
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
