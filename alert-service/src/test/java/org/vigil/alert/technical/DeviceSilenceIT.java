package org.vigil.alert.technical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.alert.IntegrationTest;
import org.vigil.alert.TechnicalReadings;
import org.vigil.common.events.DeviceChanged;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * An assigned device that goes silent, with silence times of seconds. Its assignment is learnt as in production: a
 * {@code DeviceChanged} on Kafka, then {@code GET /internal/v1/devices/{id}} with alert-service's own service token
 * (scope internal:devices.read) from a stand-in for vitals-service, which answers an assignment from the moment it is asked.
 * This context has its own devices consumer group, so that the shared test context (whose vitals stand-in answers
 * devices 503) does not take the events from it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeviceSilenceIT extends IntegrationTest {

    /** The rule as the dashboard sees it. */
    private static final String UNASSIGNED_RULE = "device-unassigned";
    private static final Map<String, String> ASSIGNED = new ConcurrentHashMap<>();
    private static final Map<String, Instant> ASSIGNED_FROM = new ConcurrentHashMap<>();
    private static final Map<String, Instant> ENDED = new ConcurrentHashMap<>();
    private static HttpServer vitals;

    @DynamicPropertySource
    static void silence(DynamicPropertyRegistry registry) {
        registry.add("vigil.vitals.url", () -> "http://localhost:" + vitals().getAddress().getPort());
        registry.add("vigil.alert.silence.warning", () -> "PT4S");
        registry.add("vigil.alert.silence.urgent", () -> "PT12S");
        registry.add("vigil.alert.silence.check-interval", () -> "PT0.5S");
        registry.add("vigil.alert.silence.consumer-group", () -> "alert-service-devices-it-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopVitals() {
        if (vitals != null) {
            vitals.stop(0);
        }
    }

    @Test
    void silentAssignedDeviceRaisesDeviceSilentThenHighAndAReadingResolvesIt() {
        String patient = newPatient();
        String device = "dev-silent-" + UUID.randomUUID();
        ASSIGNED.put(device, patient);

        publishDeviceChanged(new DeviceChanged(device, DeviceChanged.ASSIGNED, Instant.now()));

        JsonNode warning = awaitOpenAlert(patient, SilenceChecker.RULE_ID);
        assertThat(warning.get("category").asString()).isEqualTo("technical");
        assertThat(warning.get("severity").asString()).isEqualTo("low-medium");
        assertThat(warning.get("deviceId").asString()).isEqualTo(device);
        assertThat(warning.get("message").asString()).startsWith("Device " + device + " has sent nothing for");

        await().atMost(PATIENCE).until(() -> awaitOpenAlert(patient, SilenceChecker.RULE_ID)
                .get("severity").asString().equals("high"));
        JsonNode urgent = awaitOpenAlert(patient, SilenceChecker.RULE_ID);
        assertThat(urgent.get("id").asString()).isEqualTo(warning.get("id").asString());
        assertThat(urgent.get("message").asString()).endsWith("the patient is not being monitored");

        Instant now = Instant.now();
        publish(patient, encode(TechnicalReadings.fromDevice(device, patient, "heart-rate", 72, "/min", now, now)));

        await().atMost(PATIENCE).until(() -> alertsOf(patient, "open").isEmpty());
        JsonNode resolved = alertsOf(patient, "resolved").getFirst();
        assertThat(resolved.get("rule").asString()).isEqualTo(SilenceChecker.RULE_ID);
        assertThat(alertsOf(patient, null)).hasSize(1);
    }

    @Test
    void aDeviceThatKeepsSendingRaisesNothing() {
        String patient = newPatient();
        String device = "dev-busy-" + UUID.randomUUID();
        ASSIGNED.put(device, patient);
        publishDeviceChanged(new DeviceChanged(device, DeviceChanged.ASSIGNED, Instant.now()));

        Instant end = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(end)) {
            Instant now = Instant.now();
            publish(patient, encode(TechnicalReadings.fromDevice(device, patient, "heart-rate", 72, "/min", now,
                    now)));
            sleep(Duration.ofSeconds(1));
        }
        assertThat(ASSIGNED_FROM).containsKey(device);

        assertThat(alertsOf(patient, null)).isEmpty();
    }

    @Test
    void aDeviceMovedOffAPatientRaisesDeviceUnassignedForThemUntilTheyHaveADeviceAgain() {
        String patient = newPatient();
        String other = newPatient();
        String device = "dev-moved-" + UUID.randomUUID();
        ASSIGNED.put(device, patient);
        publishDeviceChanged(new DeviceChanged(device, DeviceChanged.ASSIGNED, Instant.now()));
        await().atMost(PATIENCE).until(() -> ASSIGNED_FROM.containsKey(device));

        ASSIGNED.put(device, other);
        publishDeviceChanged(new DeviceChanged(device, DeviceChanged.ASSIGNED, Instant.now()));

        JsonNode alert = awaitOpenAlert(patient, UNASSIGNED_RULE);
        assertThat(alert.get("category").asString()).isEqualTo("technical");
        assertThat(alert.get("severity").asString()).isEqualTo("medium");
        assertThat(alert.get("deviceId").asString()).isEqualTo(device);
        assertThat(alert.get("message").asString()).startsWith("Device " + device + " was moved to another patient");
        assertThat(alertsOf(other, null)).noneMatch(a -> a.get("rule").asString().equals(UNASSIGNED_RULE));

        String replacement = "dev-replacement-" + UUID.randomUUID();
        ASSIGNED.put(replacement, patient);
        publishDeviceChanged(new DeviceChanged(replacement, DeviceChanged.ASSIGNED, Instant.now()));

        await().atMost(PATIENCE).until(() -> alertsOf(patient, "resolved").stream()
                .anyMatch(a -> a.get("rule").asString().equals(UNASSIGNED_RULE)));
        assertThat(alertsOf(patient, "open")).noneMatch(a -> a.get("rule").asString().equals(UNASSIGNED_RULE));
    }

    @Test
    void aDeviceTakenOffAPatientRaisesDeviceUnassignedForThem() {
        String patient = newPatient();
        String device = "dev-taken-off-" + UUID.randomUUID();
        ASSIGNED.put(device, patient);
        publishDeviceChanged(new DeviceChanged(device, DeviceChanged.ASSIGNED, Instant.now()));
        await().atMost(PATIENCE).until(() -> ASSIGNED_FROM.containsKey(device));

        ENDED.put(device, Instant.now());
        publishDeviceChanged(new DeviceChanged(device, DeviceChanged.ASSIGNED, Instant.now()));

        JsonNode alert = awaitOpenAlert(patient, UNASSIGNED_RULE);
        assertThat(alert.get("message").asString()).startsWith("Device " + device + " was unassigned");
    }

    private static void publishDeviceChanged(DeviceChanged event) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEVICE_CHANGED.name(), bytes(event.deviceId()),
                    Topics.DEVICE_CHANGED.codec().encode(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    /**
     * vitals-service's GET /internal/v1/devices/{id}: the device assigned from the first time it is asked about, to a
     * caller with a bearer token only (401 otherwise, as vitals' filter chain would answer).
     */
    private static synchronized HttpServer vitals() {
        if (vitals == null) {
            try {
                vitals = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            vitals.createContext("/internal/v1/devices/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization == null || !authorization.startsWith("Bearer ")
                        || !serviceToken(authorization.substring("Bearer ".length()))) {
                    exchange.sendResponseHeaders(401, -1);
                    exchange.close();
                    return;
                }
                String id = exchange.getRequestURI().getPath().substring("/internal/v1/devices/".length());
                String patient = ASSIGNED.get(id);
                if (patient == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                Instant from = ASSIGNED_FROM.computeIfAbsent(id, d -> Instant.now());
                byte[] body = ("{\"id\":\"" + id + "\",\"serial\":\"s\",\"manufacturer\":\"m\",\"model\":\"x\","
                        + "\"createdAt\":\"" + from + "\",\"assignments\":[{\"patientId\":\"" + patient
                        + "\",\"from\":\"" + from + "\"" + (ENDED.containsKey(id) ? ",\"to\":\"" + ENDED.get(id) + "\""
                        : "") + "}]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            vitals.start();
        }
        return vitals;
    }

    /** Whether the token's claims carry the services' scope (its signature is alert-service's issuer's business). */
    private static boolean serviceToken(String token) {
        String[] parts = token.split("\\.");
        return parts.length == 3 && new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).contains("internal:devices.read");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
