package org.vigil.alert.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.alert.notification.*}.
 *
 * @param relayInterval how often the outbox is relayed when no commit wakes the relay earlier
 * @param relayBatch outbox rows per Kafka round trip
 * @param outboxRetention how long relayed outbox rows are kept
 */
@ConfigurationProperties("vigil.alert.notification")
record NotificationProperties(@DefaultValue("PT1S") Duration relayInterval, @DefaultValue("200") int relayBatch,
        @DefaultValue("P1D") Duration outboxRetention, @DefaultValue Webhooks webhooks, @DefaultValue Stream stream) {

    /**
     * @param pollInterval how often due deliveries are looked for
     * @param batch deliveries claimed per poll
     * @param timeout for one POST (connect and answer)
     * @param initialBackoff wait before the first retry; doubles after every failure
     * @param maxBackoff the longest wait between attempts
     * @param giveUpAfter a delivery not done this long after the change is given up ({@code failed})
     * @param deliveryRetention how long delivered and failed deliveries are kept
     */
    record Webhooks(@DefaultValue("PT1S") Duration pollInterval, @DefaultValue("50") int batch,
            @DefaultValue("PT10S") Duration timeout, @DefaultValue("PT1S") Duration initialBackoff,
            @DefaultValue("PT10M") Duration maxBackoff, @DefaultValue("PT24H") Duration giveUpAfter,
            @DefaultValue("P7D") Duration deliveryRetention) {
    }

    /**
     * @param heartbeat how often an idle stream gets a comment line, which keeps proxies from closing it and finds
     *     clients that left
     * @param timeout after which a stream is closed (EventSource clients reconnect)
     * @param queue events buffered per client; a client that falls this far behind is dropped
     */
    record Stream(@DefaultValue("PT15S") Duration heartbeat, @DefaultValue("PT30M") Duration timeout,
            @DefaultValue("1000") int queue) {
    }
}
