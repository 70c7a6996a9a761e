package org.vigil.service;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.vigil.common.events.Headers;
import org.vigil.common.events.Topic;

/**
 * Sends a record that a consumer cannot read to its topic's dead-letter topic, as received (key, value and headers),
 * with the reason, the consumer group and the origin in headers. Synchronous: the caller commits the offset only after
 * the dead letter is safely in Kafka, so that a poison record is neither lost nor allowed to stall its partition.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<byte[], byte[]> template;
    private final String consumerGroup;

    public DeadLetters(KafkaTemplate<byte[], byte[]> template, String consumerGroup) {
        this.template = template;
        this.consumerGroup = consumerGroup;
    }

    /**
     * @param reason why the record cannot be processed; it goes into a header and the log, so it must name the problem
     *     without quoting the record's content
     * @throws DeadLetterException if Kafka did not take the dead letter; the batch must then be retried, not committed
     */
    public void send(Topic<?> topic, ConsumerRecord<byte[], byte[]> record, String reason) {
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(topic.deadLetterName(), null, record.key(), record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(Headers.DLT_REASON, utf8(reason));
        letter.headers().add(Headers.DLT_CONSUMER, utf8(consumerGroup));
        letter.headers().add(Headers.DLT_ORIGIN,
                utf8(record.topic() + "/" + record.partition() + "/" + record.offset()));
        try {
            template.send(letter).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterException(e);
        }
        log.warn("Dead-lettered {}/{}/{}: {}", record.topic(), record.partition(), record.offset(), reason);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The dead-letter topic did not take a record. */
    public static class DeadLetterException extends RuntimeException {

        DeadLetterException(Throwable cause) {
            super("could not publish to the dead-letter topic", cause);
        }
    }
}
