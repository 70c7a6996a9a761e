package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.ReadingRecorded;

/**
 * The latency benchmark of docs/alert-latency.md: publishes N breaching heart-rate readings (one new patient each, so
 * that each raises an alert), stamped {@code receivedAt} just before publication as ingest stamps them on arrival,
 * then prints p50/p95/p99 of {@code vigil.alert.latency} (reading received → alert stored and its AlertChanged
 * acknowledged by Kafka). Skipped unless {@code -Dvigil.bench=true}; {@code -Dvigil.bench.readings=N} (default 1000),
 * {@code -Dvigil.bench.rate=R} readings per second (default 100).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "vigil.bench", matches = "true")
class AlertLatencyBenchmarkIT extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void printsAlertLatencyPercentiles() throws InterruptedException {
        int readings = Integer.getInteger("vigil.bench.readings", 1000);
        int rate = Integer.getInteger("vigil.bench.rate", 100);
        long before = raised() == null ? 0 : raised().count();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < readings; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String patient = "pat-bench-" + UUID.randomUUID();
            Instant now = Instant.now();
            ReadingRecorded reading = heartRate(patient, 150, now);
            publish(patient, encode(new ReadingRecorded(reading.eventId(), reading.deviceId(), reading.readingId(),
                    patient, reading.type(), now, now, reading.value(), reading.unit(), null, null, null, null, null,
                    reading.correlationId(), reading.source())));
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> raised() != null && raised().count() - before >= readings);

        Timer timer = raised();
        assertThat(timer).isNotNull();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n[alert-latency] readings=%d rate=%d/s raised=%d mean=%.1fms max=%.1fms", readings, rate,
                timer.count() - before, timer.mean(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS)));
        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            out.append(String.format(Locale.ROOT, " p%.0f=%.1fms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
        }
        System.out.println(out);
    }

    private Timer raised() {
        return meters.find("vigil.alert.latency").tag("change", "raised").timer();
    }
}
