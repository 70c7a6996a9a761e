package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Services killed with {@code kill -9} while a device keeps sending readings through the gateway, one after the other,
 * each started again on its port. A device does what a real one does: it sends a batch, and sends the same batch again
 * (same reading ids) until it is answered 202. At the end every reading answered 202 is stored exactly once, every
 * breaching reading sent while a service was down raised exactly one alert, and the consumer groups of the reading
 * topic have read everything (no partition stalled).
 *
 * <p>The services killed here are those on the reading path ({@code ingest-service}, {@code vitals-service},
 * {@code alert-service}); {@code -Dvigil.faults.services=...} names others (a comma-separated list, e.g. all six with
 * {@code gateway-service,fhir-service,audit-service}): docs/reliability.md.
 */
class FaultIT {

    private static final Duration PIPELINE = Duration.ofMinutes(2);
    private static final String TOPIC = "vigil.reading-recorded.v1";
    private static final List<String> GROUPS = List.of("vitals-service", "alert-service", "fhir-subscriptions");
    private static final List<String> SERVICES = Arrays.stream(System.getProperty("vigil.faults.services",
            "ingest-service,vitals-service,alert-service").split(",")).map(String::strip)
            .filter(s -> !s.isEmpty()).toList();

    private static Platform platform;
    private static Api api;
    private static IGenericClient fhir;

    @BeforeAll
    static void platform() {
        platform = Platform.get();
        api = new Api(platform.gateway());
        fhir = FhirClients.admin();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyAcknowledgedReadingIsStoredOnceAndEveryAlertRaisedOnceWhenServicesAreKilledMidStream()
            throws Exception {
        String streamed = patient("Streamed");
        Api.Device monitor = device(streamed);
        Map<String, String> breachedPatients = new LinkedHashMap<>();
        Map<String, Api.Device> breachDevices = new HashMap<>();
        for (String service : SERVICES) {
            String patient = patient("Breach " + service);
            breachedPatients.put(service, patient);
            breachDevices.put(service, device(patient));
        }

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refusals = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Thread device = Thread.ofPlatform().name("fault-device").start(() -> {
            int batch = 0;
            while (running.get()) {
                List<String> ids = new ArrayList<>();
                StringBuilder readings = new StringBuilder();
                Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                for (int i = 0; i < 5; i++) {
                    String id = "fault-" + batch + "-" + i;
                    ids.add(id);
                    readings.append(readings.isEmpty() ? "" : ",").append(Api.reading(id, "heart-rate", 70 + i,
                            "/min", at.minusMillis(5 - i)));
                }
                batch++;
                sendUntilAcknowledged(monitor.token(), "[" + readings + "]", ids, acknowledged, refusals, running);
                Platform.sleep(Duration.ofMillis(300));
            }
        });

        try {
            for (String service : SERVICES) {
                Platform.sleep(Duration.ofSeconds(3));
                platform.kill(service);
                // While it is down: one breaching reading for this phase's patient, sent until it is answered 202.
                Thread breach = Thread.ofPlatform().name("fault-breach-" + service).start(() -> {
                    String id = "breach-" + UUID.randomUUID();
                    sendUntilAcknowledged(breachDevices.get(service).token(), "[" + Api.reading(id, "heart-rate", 155,
                            "/min", Instant.now().truncatedTo(ChronoUnit.MILLIS)) + "]", List.of(id),
                            ConcurrentHashMap.newKeySet(), new AtomicInteger(), new AtomicBoolean(true));
                });
                Platform.sleep(Duration.ofSeconds(2));
                long restarting = System.nanoTime();
                platform.restart(service);
                System.out.printf("[faults] %s killed, started again and ready in %.1f s%n", service,
                        (System.nanoTime() - restarting) / 1e9);
                breach.join(Duration.ofMinutes(2));
                assertThat(breach.isAlive()).as("the breaching reading sent while " + service + " was down was "
                        + "acknowledged within 2 minutes of its restart").isFalse();
            }
            Platform.sleep(Duration.ofSeconds(3));
        } finally {
            running.set(false);
            device.join(Duration.ofMinutes(2));
        }
        System.out.printf("[faults] %d readings acknowledged in %.0f s, %d tries refused or unanswered and sent again%n",
                acknowledged.size(), Duration.between(first, Instant.now()).toMillis() / 1e3, refusals.get());
        assertThat(acknowledged).as("readings acknowledged while services were killed").hasSizeGreaterThan(50);

        List<String> stored = await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(2))
                .until(() -> storedReadingIds(streamed, first), ids -> ids.size() >= acknowledged.size());
        assertThat(new HashSet<>(stored)).as("every acknowledged reading is stored").containsAll(acknowledged);
        assertThat(stored).as("and none twice").doesNotHaveDuplicates();

        for (Map.Entry<String, String> phase : breachedPatients.entrySet()) {
            // Clinical alerts only: the device, assigned from an hour ago, may also have had a technical one.
            String clinical = "/api/v1/alerts?category=clinical&patientId=" + phase.getValue();
            await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(2))
                    .until(() -> api.get(clinical).json(), json -> json.size() >= 1);
            Platform.sleep(Duration.ofSeconds(1));
            JsonNode alerts = api.get(clinical).json();
            assertThat(alerts).as("clinical alerts of the patient whose breach was sent while " + phase.getKey()
                    + " was down").hasSize(1);
            assertThat(alerts.get(0).get("rule").asString()).isEqualTo("heart-rate-high");
        }

        Map<String, Long> lag = await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(2))
                .until(FaultIT::lag, each -> each.values().stream().allMatch(l -> l == 0));
        assertThat(lag).as("each consumer group's lag on " + TOPIC).containsOnlyKeys(GROUPS);
        System.out.printf("[faults] stored %d readings, none twice; %d breach alerts, one each; lag %s%n",
                stored.size(), breachedPatients.size(), lag);
    }

    /** Sends a batch until it is answered 202 (or the test ends), as a device buffering its readings does. */
    private static void sendUntilAcknowledged(String token, String readings, List<String> ids,
            Set<String> acknowledged, AtomicInteger refusals, AtomicBoolean running) {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(giveUp)) {
            try {
                Api.Response answer = api.postReadings(token, readings);
                if (answer.status() == 202) {
                    JsonNode json = answer.json();
                    if (json.get("rejected").isEmpty()) {
                        acknowledged.addAll(ids);
                        return;
                    }
                    throw new IllegalStateException("readings rejected: " + json.get("rejected"));
                }
                refusals.incrementAndGet();
            } catch (RuntimeException e) {
                if (e instanceof IllegalStateException && e.getMessage() != null
                        && e.getMessage().startsWith("readings rejected")) {
                    throw e;
                }
                refusals.incrementAndGet();
            }
            if (!running.get()) {
                return;
            }
            Platform.sleep(Duration.ofMillis(500));
        }
    }

    private static List<String> storedReadingIds(String patientId, Instant from) {
        JsonNode readings = api.get("/api/v1/patients/" + patientId + "/vitals?type=heart-rate&limit=10000&from="
                + from.minusSeconds(60) + "&to=" + Instant.now().plusSeconds(60)).json().get("readings");
        List<String> ids = new ArrayList<>();
        readings.forEach(r -> ids.add(r.get("readingId").asString()));
        return ids;
    }

    /** Per consumer group, the messages of the reading topic it has not committed yet. */
    private static Map<String, Long> lag() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(config)) {
            int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(15, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
            Map<String, Long> lag = new LinkedHashMap<>();
            for (String group : GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                long behind = 0;
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    behind += end.getValue().offset() - (at == null ? 0 : at.offset());
                }
                lag.put(group, behind);
            }
            return lag;
        }
    }

    private static String patient(String family) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:vigil:e2e-mrn").setValue("MRN-" + UUID.randomUUID());
        patient.addName().setFamily(family).addGiven("Fault");
        return fhir.create().resource(patient).execute().getId().getIdPart();
    }

    private static Api.Device device(String patientId) {
        Api.Device device = api.registerDevice("Acme Medical");
        api.assign(device.id(), patientId, Instant.now().minus(Duration.ofHours(1)));
        return device;
    }
}
