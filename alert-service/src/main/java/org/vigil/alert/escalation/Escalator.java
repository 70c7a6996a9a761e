package org.vigil.alert.escalation;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vigil.alert.alert.AlertStore;

/**
 * Escalates due alerts every {@code poll-interval}. It keeps no state of its own: the due time is in each alert's row,
 * so that a restart (or another replica) picks up exactly where this one stopped. Stopping it (the context closing)
 * stops escalating until it starts again.
 */
@Component
@EnableConfigurationProperties(EscalationProperties.class)
class Escalator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Escalator.class);

    private final AlertStore alerts;
    private final EscalationProperties properties;
    private final Clock clock;
    private volatile boolean running;

    Escalator(AlertStore alerts, EscalationProperties properties, Clock clock) {
        this.alerts = alerts;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${vigil.alert.escalation.poll-interval:PT5S}")
    void escalateDue() {
        try {
            while (running && alerts.escalateDue(clock.instant(), properties.batch()) == properties.batch()) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            log.warn("Escalating due alerts failed ({}); retrying at the next poll", e.getClass().getName());
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
