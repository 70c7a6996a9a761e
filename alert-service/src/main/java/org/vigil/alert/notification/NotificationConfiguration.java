package org.vigil.alert.notification;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.vigil.common.events.Topics;
import org.vigil.service.secret.SecretBox;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

    /** Webhook secrets are stored sealed with it; see service-support's SecretBox for its configuration. */
    @Bean
    SecretBox secretBox(Environment environment) {
        return SecretBox.fromEnvironment(environment);
    }

    @Bean
    NewTopic alertChangedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.ALERT_CHANGED.name()).partitions(partitions).replicas(replication).build();
    }
}
