package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What operators and Kubernetes see: probes with the database and Kafka in readiness, and the alert metrics. */
class ActuatorIT extends IntegrationTest {

    @Test
    void readinessCoversDatabaseAndKafka() {
        Response readiness = get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.body().get("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "db", "kafka");
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void raisedAlertsAreCountedByRuleAndSeverity() throws Exception {
        String patient = newPatient();
        publish(patient, encode(quantity(patient, "respiratory-rate", 30, "/min", Instant.now())));
        awaitOpenAlert(patient, "respiratory-rate-high");

        String metrics = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(metrics).containsPattern("vigil_alerts_raised_total\\{[^}]*rule=\"respiratory-rate-high\"[^}]*"
                + "severity=\"high\"");
        assertThat(metrics).contains("vigil_alerts_consumer_batch_size").contains("vigil_alerts_db_write_seconds");
    }
}
