package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.alert.WebhookReceiver;
import org.vigil.common.events.ContractFixtures;
import org.vigil.service.secret.SecretBox;
import org.vigil.service.security.PatientAccess;
import org.vigil.service.security.VigilPrincipal;

class WebhookTargetsTest {

    @Test
    void privateTargetsAreAllowedOnlyWhenConfigured() {
        assertThat(new WebhookTargets(false).refusal("http://127.0.0.1:9/hook")).isPresent();
        assertThat(new WebhookTargets(true).refusal("http://127.0.0.1:9/hook")).isEmpty();
        assertThat(new WebhookTargets(true).refusal("ftp://127.0.0.1/hook")).isPresent();
        assertThat(new WebhookTargets(false).refusal("http://93.184.215.14/hook")).isEmpty();
    }

    /** A subscription made while its name pointed elsewhere is checked again at delivery, and nothing is sent. */
    @Test
    void deliveryToATargetThatIsNowPrivateIsRefusedWithoutSending() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookSender.Claimed delivery = new WebhookSender.Claimed(UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), ContractFixtures.bytes("vigil.alert-changed.v1/raised.json"), 1, Instant.now(),
                    receiver.url(), "0123456789abcdef0123", new VigilPrincipal("acme", VigilPrincipal.AgentType.CLIENT,
                            "acme", Set.of("integrator"), Set.of("system/Flag.rs")));

            WebhookSender.Outcome refused = sender(false).post(delivery);
            assertThat(refused.delivered()).isFalse();
            assertThat(refused.error()).startsWith("target refused");
            assertThat(receiver.received(body -> true)).isEmpty();

            assertThat(sender(true).post(delivery).delivered()).isTrue();
            assertThat(receiver.received(body -> true)).hasSize(1);
        }
    }

    private static WebhookSender sender(boolean allowPrivate) {
        NotificationProperties properties = new NotificationProperties(Duration.ofSeconds(1), 200, Duration.ofDays(1),
                new NotificationProperties.Webhooks(Duration.ofSeconds(1), 50, Duration.ofSeconds(5),
                        Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofDays(7)),
                new NotificationProperties.Stream(Duration.ofSeconds(15), Duration.ofMinutes(30), 1000));
        PatientAccess access = mock(PatientAccess.class);
        when(access.deliver(any(), any(), any(), any())).thenReturn(true);
        return new WebhookSender(mock(JdbcClient.class), properties, Clock.systemUTC(), new SimpleMeterRegistry(),
                new WebhookTargets(allowPrivate), access, new SecretBox("k1", new byte[32], java.util.Map.of()));
    }
}
