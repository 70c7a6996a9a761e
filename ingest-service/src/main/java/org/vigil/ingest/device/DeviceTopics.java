package org.vigil.ingest.device;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.vigil.common.events.Topics;

/** Declares the topic this package consumes, so that the listener has something to subscribe to on a fresh broker. */
@Configuration(proxyBeanMethods = false)
class DeviceTopics {

    @Bean
    NewTopic deviceChangedTopic(@Value("${vigil.kafka.partitions:6}") int partitions,
            @Value("${vigil.kafka.replication:1}") short replication) {
        return TopicBuilder.name(Topics.DEVICE_CHANGED.name()).partitions(partitions).replicas(replication).build();
    }
}
