package org.vigil.alert.alert;

import java.time.Duration;
import java.util.Optional;

/**
 * When an unacknowledged alert escalates, and to whom. Implemented from configuration by the escalation package; the
 * store asks it whenever an alert is raised or escalates, and keeps the answer as the alert's due time.
 */
public interface EscalationPolicy {

    /**
     * The next step for an alert of this severity that has reached {@code level} (0 when just raised), or empty if it
     * does not escalate any further.
     */
    Optional<Step> next(String severity, int level);

    /**
     * Unless acknowledged within {@code within}, the alert escalates to the next level and {@code target} (a
     * notification subscriber's name) is notified.
     */
    record Step(Duration within, String target) {
    }
}
