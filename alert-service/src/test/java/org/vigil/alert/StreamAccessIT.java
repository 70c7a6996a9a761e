package org.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.TestIssuer;

/**
 * Access granted when a stream was opened does not keep flowing (issue 13, item 4): the alert stream and the ward
 * stream decide every change again for their owner, so that a break-glass grant that ended or a care-team link that
 * ended withholds the patient from then on, every alert change sent or withheld is in the audit trail, and a stream
 * ends when the token it was opened with expires.
 */
class StreamAccessIT extends IntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Longer than the relationships cache (vigil.security.relationships-cache, 5 s). */
    private static final Duration CACHE = Duration.ofSeconds(6);

    @Test
    void theAlertStreamWithholdsAPatientOnceTheBreakGlassGrantEndsAndAuditsEveryChange() throws Exception {
        String ben = "ben-glass-" + RUN;
        String opened = newPatient();
        String own = newPatient();
        FakeVitals.relate(ben, "care-team", own);
        Instant until = Instant.now().plusSeconds(12);
        FakeVitals.breakGlass(ben, opened, until);

        try (Sse sse = Sse.open(this, "/api/v1/alerts/stream", TestIssuer.clinician(ben))) {
            publish(opened, encode(heartRate(opened, 150, Instant.now())));
            await().atMost(PATIENCE).until(() -> sse.data().anyMatch(l -> l.contains(opened)));

            await().atMost(PATIENCE).until(() -> Instant.now().isAfter(until));
            publish(opened, encode(heartRate(opened, 35, Instant.now())));
            awaitOpenAlert(opened, "heart-rate-low");
            publish(own, encode(heartRate(own, 150, Instant.now())));
            await().atMost(PATIENCE).until(() -> sse.data().anyMatch(l -> l.contains(own)));

            // What went out of the grant's patient happened while the grant lasted (the raise, maybe escalations); the
            // later alert was relayed before own's, and withheld.
            assertThat(sse.data().filter(l -> l.contains(opened))).isNotEmpty()
                    .allMatch(l -> Instant.parse(JSON.readTree(l.substring("data:".length())).get("occurredAt")
                            .asString()).isBefore(until))
                    .noneMatch(l -> l.contains("heart-rate-low"));
        }
        await().atMost(PATIENCE).until(() -> audited(ben).stream().anyMatch(r -> isDelivery(r, opened)
                && r.outcome().equals(AuditRecorded.DENIED)));
        List<AuditRecorded> deliveries = audited(ben).stream().filter(r -> isDelivery(r, opened)).toList();
        assertThat(deliveries).anyMatch(r -> r.outcome().equals(AuditRecorded.SUCCESS) && r.breakGlass()
                && r.resource().equals("Flag") && r.action().equals(AuditRecorded.READ));
        assertThat(audited(ben)).anyMatch(r -> isDelivery(r, own) && r.outcome().equals(AuditRecorded.SUCCESS));
    }

    @Test
    void theWardStreamNamesAPatientNoMoreOnceTheCareTeamLinkEnds() throws Exception {
        String cleo = "cleo-ward-" + RUN;
        String leaving = newPatient();
        String staying = newPatient();
        FakeVitals.relate(cleo, "care-team", leaving, staying);

        try (Sse sse = Sse.open(this, "/api/v1/ward/stream", TestIssuer.clinician(cleo))) {
            publish(leaving, encode(heartRate(leaving, 80, Instant.now())));
            await().atMost(PATIENCE).until(() -> sse.data().anyMatch(l -> l.contains(leaving)));

            FakeVitals.unrelate(cleo, leaving);
            Thread.sleep(CACHE.toMillis());
            int before = sse.lines.size();
            publish(leaving, encode(heartRate(leaving, 81, Instant.now())));
            Thread.sleep(2_000);
            publish(staying, encode(heartRate(staying, 80, Instant.now())));
            await().atMost(PATIENCE).until(() -> sse.data().anyMatch(l -> l.contains(staying)));

            assertThat(sse.lines.subList(before, sse.lines.size())).noneMatch(l -> l.contains(leaving));
        }
    }

    @Test
    void aStreamEndsWhenTheTokenItWasOpenedWithExpires() throws Exception {
        String dora = "dora-expiry-" + RUN;
        for (String path : List.of("/api/v1/alerts/stream", "/api/v1/ward/stream")) {
            String token = TestIssuer.token(TestIssuer.claims(dora, "vigil-dashboard", List.of("clinician"),
                    "openid").expirationTime(Date.from(Instant.now().plusSeconds(4))).build());
            try (Sse sse = Sse.open(this, path, token)) {
                assertThat(sse.lines).as(path).contains(":connected");
                await(path + " ends").atMost(Duration.ofSeconds(20)).until(() -> !sse.reader.isAlive());
            }
        }
    }

    private static boolean isDelivery(AuditRecorded r, String patient) {
        return "SSE GET /api/v1/alerts/stream".equals(r.request()) && r.patientIds().equals(List.of(patient));
    }

    private static List<AuditRecorded> audited(String agent) {
        List<AuditRecorded> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : recordsKeyed(Topics.AUDIT_RECORDED.name(), agent,
                Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            records.add(Topics.AUDIT_RECORDED.codec().decode(record.value()));
        }
        return records;
    }

    /** A Server-Sent Events connection whose lines are collected by a reader thread until the server ends it. */
    private record Sse(HttpClient client, HttpResponse<Stream<String>> response, List<String> lines, Thread reader)
            implements AutoCloseable {

        static Sse open(IntegrationTest test, String path, @Nullable String token) throws Exception {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<Stream<String>> response = client.sendAsync(authorized(HttpRequest.newBuilder(
                    test.uri(path)), token).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    response.body().forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(":connected"));
            return new Sse(client, response, lines, reader);
        }

        Stream<String> data() {
            return lines.stream().filter(l -> l.startsWith("data:"));
        }

        @Override
        public void close() {
            response.body().close();
            reader.interrupt();
            client.shutdownNow();
        }
    }
}
