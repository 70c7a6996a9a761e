package org.vigil.vitals;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.vigil.common.events.Topics;
import org.vigil.service.BatchRetries;
import org.vigil.service.DeadLetters;

/** Topics this service uses, its one byte-oriented producer, dead letters, and how failed batches are retried. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private final int partitions;
    private final short replication;

    KafkaConfiguration(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        this.partitions = partitions;
        this.replication = replication;
    }

    @Bean
    NewTopic readingRecordedTopic() {
        return topic(Topics.READING_RECORDED.name());
    }

    @Bean
    NewTopic readingRecordedDeadLetterTopic() {
        return topic(Topics.READING_RECORDED.deadLetterName());
    }

    /** Announced through the outbox for fhir-service's Subscriptions (vital signs panels). */
    @Bean
    NewTopic observationDocumentRecordedTopic() {
        return topic(Topics.OBSERVATION_DOCUMENT_RECORDED.name());
    }

    @Bean
    NewTopic deviceChangedTopic() {
        return topic(Topics.DEVICE_CHANGED.name());
    }

    private NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replication).build();
    }

    @Bean
    ProducerFactory<byte[], byte[]> kafkaProducerFactory(KafkaProperties properties) {
        Map<String, Object> config = properties.buildProducerProperties();
        return new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Bean
    KafkaTemplate<byte[], byte[]> kafkaTemplate(ProducerFactory<byte[], byte[]> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<byte[], byte[]> kafkaTemplate,
            @Value("${spring.kafka.consumer.group-id}") String consumerGroup) {
        return new DeadLetters(kafkaTemplate, consumerGroup);
    }

    /** Retried whole and without end (service-support's {@link BatchRetries}). */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        return BatchRetries.forever("readings");
    }
}
