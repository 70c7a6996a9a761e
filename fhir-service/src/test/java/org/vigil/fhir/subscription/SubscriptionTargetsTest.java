package org.vigil.fhir.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Notification endpoints follow alert-service's webhook rules (server-side request forgery). */
class SubscriptionTargetsTest {

    static SubscriptionTargets targets(boolean allowPrivate) {
        return new SubscriptionTargets(new SubscriptionProperties(allowPrivate, null, null, 0, null, null, null,
                null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://169.254.169.254/latest",
            "http://10.0.0.7/hook", "http://192.168.1.2/hook", "http://[::1]/hook", "http://[fd00::1]/hook",
            "http://100.64.0.1/hook", "http://0.0.0.0/hook"})
    void privateLoopbackAndMetadataAddressesAreRefused(String url) {
        assertThat(targets(false).refusal(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org/x", "file:///etc/passwd", "http://user:pw@example.org/x", "/relative",
            "not a url"})
    void onlyAbsoluteHttpUrlsWithoutCredentialsAreAccepted(String url) {
        assertThat(targets(true).refusal(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook"})
    void loopbackIsAllowedOnlyWhenConfigured(String url) {
        assertThat(targets(true).refusal(url)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
        SubscriptionProperties properties = new SubscriptionProperties(false, null, null, 0, null,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null, null);
        assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoff(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.backoff(100)).isEqualTo(Duration.ofSeconds(5));
    }
}
