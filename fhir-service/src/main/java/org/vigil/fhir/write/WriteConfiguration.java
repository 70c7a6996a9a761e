package org.vigil.fhir.write;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.vigil.common.events.Topics;

@Configuration(proxyBeanMethods = false)
class WriteConfiguration {

    /** The topic this service now produces, declared on start-up as every producer does (same defaults as ingest). */
    @Bean
    NewTopic fhirReadingRecordedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.READING_RECORDED.name()).partitions(partitions).replicas(replication).build();
    }
}
