package org.vigil.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void aCallerMaySendItsBurstThenWaitsForTheNextToken() {
        TokenBuckets buckets = new TokenBuckets(2, 3, 100, now::get);

        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(500_000_000L);

        now.addAndGet(500_000_000L);
        assertThat(buckets.take("a")).isZero();
    }

    @Test
    void peekingTakesNothingAndStartsNoBucket() {
        TokenBuckets buckets = new TokenBuckets(2, 1, 100, now::get);

        assertThat(buckets.peek("a")).isZero();
        assertThat(buckets.trackedCallers()).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.peek("a")).isEqualTo(500_000_000L);
        assertThat(buckets.peek("a")).isEqualTo(500_000_000L);

        now.addAndGet(500_000_000L);
        assertThat(buckets.peek("a")).isZero();
        assertThat(buckets.take("a")).isZero();
    }

    @Test
    void oneCallerOverItsLimitDoesNotSlowAnother() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 100, now::get);

        buckets.take("noisy");
        assertThat(buckets.take("noisy")).isPositive();

        assertThat(buckets.take("quiet")).isZero();
    }

    @Test
    void idleCallersAreForgottenOnceTheirBucketWouldBeFullAgain() {
        TokenBuckets buckets = new TokenBuckets(10, 10, 100, now::get);
        for (int i = 0; i < 50; i++) {
            buckets.take("caller-" + i);
        }
        assertThat(buckets.trackedCallers()).isEqualTo(50);

        now.addAndGet(1_000_000_000L);
        buckets.take("caller-new");

        assertThat(buckets.trackedCallers()).isEqualTo(1);
    }

    @Test
    void beyondMaxCallersNewCallersShareOneBucketSoMemoryStaysBounded() {
        TokenBuckets buckets = new TokenBuckets(1, 2, 3, now::get);
        for (int i = 0; i < 1000; i++) {
            buckets.take("caller-" + i);
        }

        assertThat(buckets.trackedCallers()).isEqualTo(4);
        assertThat(buckets.take("caller-0")).isZero();
        assertThat(buckets.take("caller-999")).isPositive();
    }
}
