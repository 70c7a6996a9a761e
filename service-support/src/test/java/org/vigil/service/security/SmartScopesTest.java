package org.vigil.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmartScopesTest {

    @Test
    void v2LettersGrantExactlyTheirInteractions() {
        SmartScopes scopes = SmartScopes.of(List.of("system/Observation.rs", "system/Patient.c"));

        assertThat(scopes.permits("system", "Observation", Interaction.READ)).isTrue();
        assertThat(scopes.permits("system", "Observation", Interaction.SEARCH)).isTrue();
        assertThat(scopes.permits("system", "Observation", Interaction.CREATE)).isFalse();
        assertThat(scopes.permits("system", "Patient", Interaction.CREATE)).isTrue();
        assertThat(scopes.permits("system", "Patient", Interaction.READ)).isFalse();
        assertThat(scopes.permits("system", "Device", Interaction.READ)).isFalse();
    }

    @Test
    void v1ReadWriteAndStarAreUnderstood() {
        SmartScopes scopes = SmartScopes.of(List.of("user/Observation.read", "user/Flag.write", "system/*.*"));

        assertThat(scopes.permits("user", "Observation", Interaction.SEARCH)).isTrue();
        assertThat(scopes.permits("user", "Observation", Interaction.UPDATE)).isFalse();
        assertThat(scopes.permits("user", "Flag", Interaction.UPDATE)).isTrue();
        assertThat(scopes.permits("user", "Flag", Interaction.READ)).isFalse();
        assertThat(scopes.permits("system", "AuditEvent", Interaction.DELETE)).isTrue();
    }

    @Test
    void aWildcardResourceCoversEveryType() {
        SmartScopes scopes = SmartScopes.of(List.of("system/*.cruds"));

        assertThat(scopes.permits("system", "CareTeam", Interaction.CREATE)).isTrue();
        assertThat(scopes.permits("user", "CareTeam", Interaction.READ)).isFalse();
    }

    @Test
    void scopesThatAreNotSmartOrCarryAQueryGrantNothing() {
        SmartScopes scopes = SmartScopes.of(List.of("openid", "profile", "vigil.internal",
                "patient/Observation.rs?category=vital-signs", "system/Observation.sr", "system/Observation."));

        assertThat(scopes.hasAny("patient")).isFalse();
        assertThat(scopes.hasAny("system")).isFalse();
        assertThat(scopes.permits("system", "Observation", Interaction.READ)).isFalse();
    }
}
