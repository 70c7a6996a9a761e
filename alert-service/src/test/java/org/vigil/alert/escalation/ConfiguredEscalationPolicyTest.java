package org.vigil.alert.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.alert.alert.EscalationPolicy.Step;

class ConfiguredEscalationPolicyTest {

    private final ConfiguredEscalationPolicy policy = new ConfiguredEscalationPolicy(new EscalationProperties(Map.of(
            "high", new EscalationProperties.Policy(Duration.ofMinutes(5), List.of("charge-nurse", "on-call")),
            "low", new EscalationProperties.Policy(null, List.of("charge-nurse"))), Duration.ofSeconds(5), 100));

    @Test
    void walksTheChainOneTargetPerLevelThenStops() {
        assertThat(policy.next("high", 0)).contains(new Step(Duration.ofMinutes(5), "charge-nurse"));
        assertThat(policy.next("high", 1)).contains(new Step(Duration.ofMinutes(5), "on-call"));
        assertThat(policy.next("high", 2)).isEmpty();
    }

    @Test
    void severityWithoutTimeOrWithoutPolicyNeverEscalates() {
        assertThat(policy.next("low", 0)).isEmpty();
        assertThat(policy.next("medium", 0)).isEmpty();
    }
}
