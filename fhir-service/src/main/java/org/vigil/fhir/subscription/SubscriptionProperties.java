package org.vigil.fhir.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vigil.fhir.subscriptions.*}.
 *
 * @param allowPrivateTargets endpoints may be on loopback, link-local, private or multicast addresses
 * @param consumerGroup the Kafka consumer group every replica shares, so that each event is matched once
 * @param pollInterval how often each replica's delivery worker looks for due notifications
 * @param batch notifications claimed at once
 * @param timeout connect and response timeout of one attempt
 * @param initialBackoff wait after the first failed attempt, doubling up to {@code maxBackoff}
 * @param giveUpAfter a notification still failing this long after it was made is marked failed
 * @param retention delivered and failed notifications are deleted this long after they were made
 */
@ConfigurationProperties("vigil.fhir.subscriptions")
record SubscriptionProperties(boolean allowPrivateTargets, String consumerGroup, Duration pollInterval, int batch,
        Duration timeout, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, Duration retention) {

    SubscriptionProperties {
        consumerGroup = consumerGroup == null || consumerGroup.isBlank() ? "fhir-subscriptions"
                : consumerGroup;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batch = batch <= 0 ? 50 : batch;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
        giveUpAfter = giveUpAfter == null ? Duration.ofHours(24) : giveUpAfter;
        retention = retention == null ? Duration.ofDays(7) : retention;
    }

    /** The wait before the next attempt after {@code failures} failed ones: initial, doubling, capped. */
    Duration backoff(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < Math.min(failures, 40) && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
