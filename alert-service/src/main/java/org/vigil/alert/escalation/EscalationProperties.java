package org.vigil.alert.escalation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.alert.escalation.*}.
 *
 * @param policies by severity code (low, low-medium, medium, high); a severity without a policy never escalates
 * @param pollInterval how often due escalations are looked for
 * @param batch alerts escalated per transaction
 */
@ConfigurationProperties("vigil.alert.escalation")
record EscalationProperties(@DefaultValue Map<String, Policy> policies, @DefaultValue("PT5S") Duration pollInterval,
        @DefaultValue("100") int batch) {

    /**
     * @param acknowledgeWithin how long an alert may stay unacknowledged at each level; none: it never escalates
     * @param chain the subscribers notified at level 1, 2, 3...; the alert escalates once per entry
     */
    record Policy(@Nullable Duration acknowledgeWithin, @DefaultValue List<String> chain) {
    }
}
