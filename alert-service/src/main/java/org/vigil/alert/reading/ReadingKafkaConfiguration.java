package org.vigil.alert.reading;

import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.vigil.common.events.Topics;
import org.vigil.service.BatchRetries;
import org.vigil.service.DeadLetters;
import org.vigil.service.deadletter.DeadLetterDesk;
import org.vigil.service.deadletter.ReplayHandler;
import org.vigil.service.security.PatientAccess;

/** The topics alert-service reads and dead-letters to, and how its listener recovers from failures. */
@Configuration(proxyBeanMethods = false)
class ReadingKafkaConfiguration {

    static final String CONSUMER_GROUP = "alert-service";

    @Bean
    NewTopic readingRecordedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.READING_RECORDED.name()).partitions(partitions).replicas(replication).build();
    }

    @Bean
    NewTopic readingRecordedDeadLetterTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.READING_RECORDED.deadLetterName()).partitions(partitions)
                .replicas(replication).build();
    }

    /** The only producer here; application.yml sets byte-array serializers for Boot's producer factory. */
    @Bean
    @SuppressWarnings("unchecked")
    KafkaTemplate<byte[], byte[]> deadLetterTemplate(ProducerFactory<?, ?> producerFactory) {
        return new KafkaTemplate<>((ProducerFactory<byte[], byte[]>) producerFactory);
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<byte[], byte[]> deadLetterTemplate) {
        return new DeadLetters(deadLetterTemplate, CONSUMER_GROUP);
    }

    /** Operators' dead-letter listing and replay (docs/reliability.md, "Dead letters"), for the group above. */
    @Bean
    DeadLetterDesk deadLetterDesk(KafkaProperties kafka, List<ReplayHandler> handlers, JdbcTemplate jdbc,
            PlatformTransactionManager transactions, PatientAccess access, Clock clock) {
        return new DeadLetterDesk(kafka.buildConsumerProperties(), CONSUMER_GROUP, handlers, jdbc, transactions,
                access, clock);
    }

    /**
     * Every listener here (readings, device changes) retries a failed batch whole and without end (service-support's
     * {@link BatchRetries}): skipping one would lose alerts.
     */
    @Bean
    DefaultErrorHandler readingErrorHandler() {
        return BatchRetries.forever("records (readings or device changes)");
    }
}
