package org.vigil.vitals.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.DeviceChanged;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class DeviceApiIT extends IntegrationTest {

    @Test
    void registeringADeviceAnswersItsIdAndTokenOnceAndNeverShowsTheTokenAgain() {
        Response created = register(serial());

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String token = created.json().get("token").asString();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.header("Location")).endsWith("/api/v1/devices/" + id);

        Response read = get("/api/v1/devices/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("manufacturer").asString()).isEqualTo("Acme");
        assertThat(read.json().get("createdAt").asString()).isNotBlank();
        assertThat(read.json().get("assignments").isEmpty()).isTrue();
        assertThat(read.raw().body()).doesNotContain(token).doesNotContain(sha256(token)).doesNotContain("token");
    }

    @Test
    void registeringTheSameSerialOfTheSameManufacturerAgainIsAConflict() {
        String serial = serial();
        assertThat(register(serial).status()).isEqualTo(201);

        Response again = register(serial);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().get("detail").asString()).contains("already registered");
    }

    @Test
    void aRegistrationWithoutASerialIsABadRequestNamingIt() {
        Response response = post("/api/v1/devices", Map.of("manufacturer", "Acme", "model", "HR-1", "serial", " "));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("serial");
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequestSayingWhereItBreaks() {
        Response broken = post("/api/v1/devices", "{\"serial\": \"SN-1\", ");
        Response wrongType = post("/api/v1/devices/" + UUID.randomUUID() + "/assignments", "{\"patientId\": [1, 2]}");

        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.header("Content-Type")).startsWith("application/problem+json");
        assertThat(broken.json().get("detail").asString()).startsWith("the request body is not valid JSON (line 1");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("detail").asString()).isEqualTo("field 'patientId' has the wrong type or shape");
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        Response response = get("/api/v1/devices/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(post("/api/v1/devices/" + UUID.randomUUID() + "/assignments",
                Map.of("patientId", createPatient())).status()).isEqualTo(404);
    }

    @Test
    void movingADeviceToAnotherPatientClosesThePreviousAssignment() {
        Response created = register(serial());
        String id = created.json().get("id").asString();
        String token = created.json().get("token").asString();
        String first = createPatient();
        String second = createPatient();

        Response assigned = post("/api/v1/devices/" + id + "/assignments",
                Map.of("patientId", first, "from", "2026-11-01T08:00:00Z"));
        assertThat(assigned.status()).isEqualTo(201);
        assertThat(assigned.json().get("deviceId").asString()).isEqualTo(id);
        assertThat(assigned.json().get("from").asString()).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(assigned.json().has("to")).isFalse();
        assertThat(post("/api/v1/devices/" + id + "/assignments",
                Map.of("patientId", second, "from", "2026-11-10T12:00:00Z")).status()).isEqualTo(201);

        JsonNode history = get("/api/v1/devices/" + id + "/assignments").json().get("assignments");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("patientId").asString()).isEqualTo(first);
        assertThat(history.get(0).get("to").asString()).isEqualTo("2026-11-10T12:00:00Z");
        assertThat(history.get(1).get("patientId").asString()).isEqualTo(second);
        assertThat(history.get(1).has("to")).isFalse();

        Response byToken = get("/internal/v1/devices/by-token-hash/" + sha256(token));
        assertThat(byToken.status()).isEqualTo(200);
        assertThat(byToken.json().get("deviceId").asString()).isEqualTo(id);
        assertThat(byToken.json().get("active").asBoolean()).isTrue();
        assertThat(byToken.json().get("assignments")).isEqualTo(history);
        assertThat(get("/api/v1/devices/" + id).json().get("assignments")).isEqualTo(history);
        Response forServices = get("/internal/v1/devices/" + id);
        assertThat(forServices.status()).as("alert-service's view, with its service token").isEqualTo(200);
        assertThat(forServices.json().get("assignments")).extracting(a -> a.get("patientId").asString())
                .containsExactly(history.get(0).get("patientId").asString(), history.get(1).get("patientId").asString());
        assertThat(forServices.json().get("assignments").get(1).get("to").isNull()).isTrue();
        assertThat(get("/internal/v1/devices/no-such-device").status()).isEqualTo(404);
    }

    @Test
    void anAssignmentStartingBeforeTheCurrentOneIsAConflict() {
        String id = register(serial()).json().get("id").asString();
        String patient = createPatient();
        post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", patient, "from", "2026-11-10T00:00:00Z"));

        Response earlier = post("/api/v1/devices/" + id + "/assignments",
                Map.of("patientId", patient, "from", "2026-11-09T00:00:00Z"));

        assertThat(earlier.status()).isEqualTo(409);
        assertThat(earlier.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void anAssignmentToAnUnknownPatientIsNotFoundAndABadInstantIsABadRequest() {
        String id = register(serial()).json().get("id").asString();

        assertThat(post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", "no-such-patient")).status())
                .isEqualTo(404);
        Response badInstant = post("/api/v1/devices/" + id + "/assignments",
                Map.of("patientId", createPatient(), "from", "yesterday"));
        assertThat(badInstant.status()).isEqualTo(400);
        assertThat(badInstant.json().get("detail").asString()).contains("from");
    }

    @Test
    void anUnknownTokenHashIsNotFound() {
        assertThat(get("/internal/v1/devices/by-token-hash/" + sha256("nobody's token")).status()).isEqualTo(404);
    }

    @Test
    void registrationAndAssignmentAreAnnouncedOnTheDeviceChangedTopic() {
        String id = register(serial()).json().get("id").asString();
        post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", createPatient()));

        List<DeviceChanged> changes = changesOf(id, 2);

        assertThat(changes).extracting(DeviceChanged::change)
                .containsExactly(DeviceChanged.REGISTERED, DeviceChanged.ASSIGNED);
    }

    private Response register(String serial) {
        return post("/api/v1/devices", Map.of("serial", serial, "manufacturer", "Acme", "model", "HR-1"));
    }

    private static String serial() {
        return "SN-" + UUID.randomUUID();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<DeviceChanged> changesOf(String deviceId, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "device-changed-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeviceChanged> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEVICE_CHANGED.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (deviceId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(Topics.DEVICE_CHANGED.codec().decode(record.value()));
                    }
                }
            }
        }
        return found;
    }
}
