package org.vigil.ingest.reading;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.ProducerListener;
import org.vigil.common.events.Topics;
import org.vigil.ingest.IngestProperties;

@Configuration(proxyBeanMethods = false)
class ReadingConfiguration {

    @Bean
    ReadingNormaliser readingNormaliser(IngestProperties properties) {
        return new ReadingNormaliser(properties.futureTolerance());
    }

    /**
     * Replaces Boot's LoggingProducerListener, which logs each failed record with its key: a patient id, which stays out
     * of logs. A failed publish is logged once per request, as the 503 it becomes.
     */
    @Bean
    ProducerListener<Object, Object> silentProducerListener() {
        return new ProducerListener<>() {
        };
    }

    /** The topic this service produces, declared on start-up as docs/architecture.md asks of every producer. */
    @Bean
    NewTopic readingRecordedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.READING_RECORDED.name()).partitions(partitions).replicas(replication).build();
    }
}
