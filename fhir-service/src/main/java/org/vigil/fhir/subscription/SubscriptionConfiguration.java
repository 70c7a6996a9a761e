package org.vigil.fhir.subscription;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;
import org.vigil.common.events.Topics;
import org.vigil.service.secret.SecretBox;

/**
 * The subscriptions' Kafka consumer (its own factory, so that it changes nothing of the service's other Kafka use):
 * bytes in, one consumer group shared by every replica ({@code vigil.fhir.subscriptions.consumer-group}), offsets
 * committed only after a record's notification rows are committed, and a failure (the database down) retried with
 * back-off, 1 s doubling to 30 s, without end.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SubscriptionProperties.class)
class SubscriptionConfiguration {

    static final String LISTENER_FACTORY = "subscriptionListenerFactory";

    /** channel.header values are stored sealed with it; see service-support's SecretBox for its configuration. */
    @Bean
    SecretBox secretBox(Environment environment) {
        return SecretBox.fromEnvironment(environment);
    }

    /**
     * Declared here too (vitals-service, its producer, declares it as well; whichever starts first creates it), so
     * that the listener never waits on a topic that does not exist yet.
     */
    @Bean
    NewTopic observationDocumentRecordedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.OBSERVATION_DOCUMENT_RECORDED.name()).partitions(partitions)
                .replicas(replication).build();
    }

    @Bean(LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<byte[], byte[]> subscriptionListenerFactory(KafkaProperties kafka,
            SubscriptionProperties properties) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Never notify records of an aborted Kafka transaction (a safe default; no Vigil producer relies on it today).
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()));
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(30_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }
}
