package org.vigil.alert.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.alert.IntegrationTest;

/** While the alert table cannot be written, batches are retried, not dead-lettered, and no reading is lost. */
class DatabaseOutageIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void breachArrivingWhileTheDatabaseFailsIsRecordedOnceItIsBack() throws InterruptedException {
        String patient = newPatient();
        jdbc.sql("alter table alert rename to alert_unavailable").update();
        try {
            publish(patient, encode(heartRate(patient, 145, Instant.parse("2026-11-21T11:00:00Z"))));
            Thread.sleep(4_000);
        } finally {
            jdbc.sql("alter table alert_unavailable rename to alert").update();
        }

        awaitOpenAlert(patient, "heart-rate-high");
        assertThat(alertsOf(patient, null)).hasSize(1);
        assertThat(deadLettersKeyed(patient, 1, java.time.Duration.ofSeconds(3))).isEmpty();
    }
}
