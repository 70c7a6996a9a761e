package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.stream.StreamSlots;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

/**
 * Open Server-Sent Events streams are bounded (issue 13, item 7): per caller ({@code vigil.streams.max-per-caller},
 * 5, the alert and the ward stream together) and per instance ({@code vigil.streams.max-total}, 12 in these tests).
 * Beyond a cap the client, which asks for {@code text/event-stream} as EventSource does, gets 429 problem+json with
 * Retry-After and a detail naming the cap; a stream that ends gives its place back.
 */
class StreamLimitsIT extends IntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> PATHS = List.of("/api/v1/alerts/stream", "/api/v1/ward/stream");

    @Autowired
    StreamSlots slots;

    private final List<Stream<String>> opened = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void noStreamOfOtherTestsLeft() {
        // Other ITs close their streams; the service notices at its next heartbeat.
        await().atMost(PATIENCE).until(() -> slots.open() == 0);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Stream::close);
        client.shutdownNow();
    }

    @Test
    void theSixthStreamOfOneClinicianIs429UntilOneOfTheirsCloses() throws Exception {
        String subject = "eve-streams-" + RUN;
        String eve = TestIssuer.clinician(subject);
        List<HttpResponse<Stream<String>>> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<Stream<String>> response = open(PATHS.get(i % 2), eve);
            assertThat(response.statusCode()).as("stream %d", i + 1).isEqualTo(200);
            mine.add(response);
        }

        for (String path : PATHS) {
            HttpResponse<Stream<String>> refused = open(path, eve);
            assertThat(refused.statusCode()).as(path).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(path)
                    .startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After").orElse("")).as(path).matches("[1-9][0-9]*");
            JsonNode problem = problem(refused);
            assertThat(problem.get("status").asInt()).isEqualTo(429);
            assertThat(problem.get("detail").asString()).contains("vigil.streams.max-per-caller").contains("5");
        }
        assertThat(audited(subject).stream().filter(r -> r.request() != null && r.request().contains("/stream")))
                .as("the five streams opened are recorded as accesses; the two refused are not").hasSize(5);
        // Another clinician is not held up by eve's streams.
        assertThat(open(PATHS.get(0), TestIssuer.clinician("fred-streams-" + RUN)).statusCode()).isEqualTo(200);

        mine.getFirst().body().close();
        // The service notices the closed connection at its next heartbeat (2 s in the tests).
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> slots.open(subject) == 4);
        assertThat(open(PATHS.get(0), eve).statusCode()).isEqualTo(200);
    }

    @Test
    void theInstanceHoldsAtMostMaxTotalStreamsAcrossCallers() throws Exception {
        for (int i = 0; i < 12; i++) {
            String caller = TestIssuer.clinician("total-" + (i / 4) + "-" + RUN);
            assertThat(open(PATHS.get(i % 2), caller).statusCode()).as("stream %d", i + 1).isEqualTo(200);
        }
        assertThat(slots.open()).isEqualTo(12);

        HttpResponse<Stream<String>> refused = open(PATHS.get(0), TestIssuer.clinician("newcomer-" + RUN));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(problem(refused).get("detail").asString()).contains("vigil.streams.max-total").contains("12");
    }

    private HttpResponse<Stream<String>> open(String path, String token) throws Exception {
        HttpResponse<Stream<String>> response = client.sendAsync(authorized(HttpRequest.newBuilder(uri(path)), token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        opened.add(response.body());
        return response;
    }

    private static List<AuditRecorded> audited(String agent) {
        List<AuditRecorded> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : recordsKeyed(Topics.AUDIT_RECORDED.name(), agent,
                Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            records.add(Topics.AUDIT_RECORDED.codec().decode(record.value()));
        }
        return records;
    }

    private static JsonNode problem(HttpResponse<Stream<String>> response) {
        return JSON.readTree(response.body().collect(Collectors.joining("\n")));
    }
}
