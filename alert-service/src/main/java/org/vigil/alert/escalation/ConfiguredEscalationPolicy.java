package org.vigil.alert.escalation;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vigil.alert.alert.EscalationPolicy;

/** The escalation policy of {@code vigil.alert.escalation.policies}. */
@Component
class ConfiguredEscalationPolicy implements EscalationPolicy {

    private final EscalationProperties properties;

    ConfiguredEscalationPolicy(EscalationProperties properties) {
        this.properties = properties;
    }

    @Override
    public Optional<Step> next(String severity, int level) {
        EscalationProperties.Policy policy = properties.policies().get(severity);
        if (policy == null || policy.acknowledgeWithin() == null || policy.acknowledgeWithin().isNegative()
                || policy.acknowledgeWithin().isZero() || level < 0 || level >= policy.chain().size()) {
            return Optional.empty();
        }
        return Optional.of(new Step(policy.acknowledgeWithin(), policy.chain().get(level)));
    }
}
