package org.vigil.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.IngestProperties;

class DeviceRateLimiterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long now = 1_000_000_000L;
    /** 2 requests a second, 4 at once. */
    private final DeviceRateLimiter limiter =
            new DeviceRateLimiter(new IngestProperties.RateLimit(2, 4), registry, () -> now);

    private void advance(Duration duration) {
        now += duration.toNanos();
    }

    @Test
    void aQuietDeviceMayBurstAndIsThenRefusedWithTheWholeSecondsToWait() {
        for (int i = 0; i < 4; i++) {
            limiter.acquire("dev-1");
        }

        assertThatThrownBy(() -> limiter.acquire("dev-1"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        assertThat(registry.get("vigil.ingest.rate-limited").counter().count()).isEqualTo(1);
        assertThat(registry.get("vigil.ingest.rate-limited").counter().getId().getTags()).isEmpty();
    }

    @Test
    void theBucketRefillsAtTheConfiguredRate() {
        for (int i = 0; i < 4; i++) {
            limiter.acquire("dev-1");
        }
        advance(Duration.ofMillis(499));
        assertThatThrownBy(() -> limiter.acquire("dev-1")).isInstanceOf(RateLimitedException.class);

        advance(Duration.ofMillis(2));
        limiter.acquire("dev-1");
        assertThatThrownBy(() -> limiter.acquire("dev-1")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aSlowRateAsksForMoreThanOneSecondRoundedUp() {
        DeviceRateLimiter slow = new DeviceRateLimiter(new IngestProperties.RateLimit(0.4, 1), registry, () -> now);
        slow.acquire("dev-1");

        assertThatThrownBy(() -> slow.acquire("dev-1")).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
    }

    @Test
    void oneNoisyDeviceDoesNotTakeFromAnother() {
        for (int i = 0; i < 4; i++) {
            limiter.acquire("noisy");
        }
        assertThatThrownBy(() -> limiter.acquire("noisy")).isInstanceOf(RateLimitedException.class);

        for (int i = 0; i < 4; i++) {
            limiter.acquire("quiet");
        }
    }

    @Test
    void idleBucketsAreDroppedOnceTheyWouldBeFullAgain() {
        for (int i = 0; i < 100; i++) {
            limiter.acquire("dev-" + i);
        }
        assertThat(limiter.size()).isEqualTo(100);

        advance(Duration.ofSeconds(3));

        assertThat(limiter.size()).isZero();
        for (int i = 0; i < 4; i++) {
            limiter.acquire("dev-1");
        }
    }

    @Test
    void aRateThatAdmitsNothingIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new IngestProperties.RateLimit(0, 40)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IngestProperties.RateLimit(20, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
