package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.Topics;

/** GET /api/v1/alerts/stream, read as a dashboard would: a long-lived text/event-stream response. */
class AlertStreamIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T16:00:00Z");

    @Autowired
    AlertStream stream;

    @Test
    void streamCarriesARaisedAlertOfItsPatientAndDropsTheClientWhenItLeaves() throws Exception {
        String patient = newPatient();
        String other = newPatient();
        int before = stream.clients();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Stream<String>> response = client.sendAsync(authorized(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/v1/alerts/stream?patientId=" + patient
                                + "&category=clinical")), defaultToken("/api/v1/alerts/stream"))
                        .timeout(Duration.ofSeconds(10)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");

        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed
            }
        });
        try {
            publish(other, encode(heartRate(other, 150, T0)));
            publish(patient, encode(heartRate(patient, 150, T0)));

            await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:")));
            int event = indexOf(lines, "event:change");
            assertThat(event).isNotNegative();
            String data = lines.get(event + 1).startsWith("data:") ? lines.get(event + 1)
                    : lines.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
            AlertChanged change = Topics.ALERT_CHANGED.codec().decode(data.substring("data:".length()).getBytes());
            assertThat(change.patientId()).isEqualTo(patient);
            assertThat(change.change()).isEqualTo(AlertChanged.RAISED);
            assertThat(change.rule()).isEqualTo("heart-rate-high");
            assertThat(lines).noneMatch(l -> l.contains(other));
        } finally {
            response.body().close();
            reader.interrupt();
            client.shutdownNow();
        }
        // The server notices at its next write (a heartbeat every 2 s in the tests) and drops the client.
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.clients() <= before);
    }

    @Test
    void unknownCategoryIsRejected() {
        assertThat(get("/api/v1/alerts/stream?category=billing").status()).isEqualTo(400);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).replace(": ", ":").startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
