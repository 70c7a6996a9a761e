package org.vigil.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActuatorIT extends IntegrationTest {

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        Response readiness = get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void theConsumerMetricsArePublishedForPrometheus() {
        String metrics = get("/actuator/prometheus").raw().body();

        assertThat(metrics).contains("vigil_vitals_readings_stored_total", "vigil_vitals_readings_duplicates_total",
                "vigil_vitals_readings_dead_lettered_total", "vigil_vitals_consumer_batch_size",
                "vigil_vitals_readings_db_write_seconds");
    }
}
