package org.vigil.vitals.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.DeviceChanged;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class DeviceRecordsIT extends IntegrationTest {

    private static final String PATH = "/internal/v1/device-records";

    @Test
    void aCreatedDeviceReadsBackWithItsIdentifiersPatientAndNoToken() {
        String patient = createPatient();
        String serial = "SN-" + UUID.randomUUID();
        Response created = post(PATH, device(serial, "urn:acme|" + serial, patient));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("created").asBoolean()).isTrue();
        assertThat(created.json().get("versionId").asString()).isEqualTo("1");
        assertThat(created.json().has("token")).isFalse();
        String id = created.json().get("id").asString();

        JsonNode record = get(PATH + "/" + id).json();
        assertThat(record.get("serial").asString()).isEqualTo(serial);
        assertThat(record.get("manufacturer").asString()).isEqualTo("Acme");
        assertThat(record.get("active").asBoolean()).isTrue();
        assertThat(texts(record.get("identifiers"))).containsExactly("urn:acme|" + serial);
        assertThat(record.get("patientId").asString()).isEqualTo(patient);
        assertThat(record.get("assignments")).hasSize(1);
        assertThat(get(PATH + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(changesOf(id, 2)).extracting(DeviceChanged::change)
                .containsExactly(DeviceChanged.REGISTERED, DeviceChanged.ASSIGNED);
    }

    @Test
    void anUpdateReassignsFromNowKeepsTheHistoryAndHonoursIfMatch() {
        String first = createPatient();
        String second = createPatient();
        String serial = "SN-" + UUID.randomUUID();
        String id = post(PATH, device(serial, null, first)).json().get("id").asString();

        Response moved = put(PATH + "/" + id + "?ifMatch=1", device(serial, "urn:acme|x-" + serial, second),
                TestIssuer.service());
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("versionId").asString()).isEqualTo("2");
        JsonNode record = get(PATH + "/" + id).json();
        assertThat(record.get("patientId").asString()).isEqualTo(second);
        assertThat(record.get("assignments")).hasSize(2);
        assertThat(record.get("assignments").get(0).get("to").asString())
                .isEqualTo(record.get("assignments").get(1).get("from").asString());

        Response stale = put(PATH + "/" + id + "?ifMatch=1", device(serial, null, second), TestIssuer.service());
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");

        Response unassigned = put(PATH + "/" + id, device(serial, null, null), TestIssuer.service());
        assertThat(unassigned.json().get("versionId").asString()).isEqualTo("3");
        JsonNode after = get(PATH + "/" + id).json();
        assertThat(after.has("patientId")).isFalse();
        assertThat(after.get("assignments").get(1).has("to")).isTrue();
        assertThat(changesOf(id, 3)).extracting(DeviceChanged::change).containsExactly(DeviceChanged.REGISTERED,
                DeviceChanged.ASSIGNED, DeviceChanged.ASSIGNED, DeviceChanged.ASSIGNED);

        assertThat(put(PATH + "/" + UUID.randomUUID(), device(serial, null, null), TestIssuer.service()).status())
                .isEqualTo(404);
    }

    @Test
    void searchFindsDevicesByIdentifierSerialAndAssignmentHistory() {
        String patient = createPatient();
        String other = createPatient();
        String serial = "SN-" + UUID.randomUUID();
        String id = post(PATH, device(serial, "urn:acme|i-" + serial, patient)).json().get("id").asString();
        put(PATH + "/" + id, device(serial, "urn:acme|i-" + serial, other), TestIssuer.service());

        assertThat(ids("identifier=" + encode("urn:acme|i-" + serial))).containsExactly(id);
        assertThat(ids("identifier=i-" + serial)).containsExactly(id);
        assertThat(ids("identifier=" + encode(DeviceRecords.SERIAL_SYSTEM + "|" + serial))).containsExactly(id);
        assertThat(ids("patientId=" + patient)).containsExactly(id);
        assertThat(ids("patientId=" + other + "&identifier=" + encode("urn:other|i-" + serial))).isEmpty();
        assertThat(get(PATH + "?patientId=" + patient).json().get("total").asLong()).isEqualTo(1);
        assertThat(get(PATH + "?limit=0").status()).isEqualTo(400);
    }

    @Test
    void conditionalCreatesDuplicatesUnknownPatientsAndMissingFieldsAreAnsweredByName() {
        String serial = "SN-" + UUID.randomUUID();
        String identifier = "urn:acme|c-" + serial;
        String id = post(PATH, device(serial, identifier, null)).json().get("id").asString();

        Response again = post(PATH + "?ifNoneExist=" + encode("identifier=" + identifier),
                device("SN-" + UUID.randomUUID(), identifier, null));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(again.json().get("created").asBoolean()).isFalse();

        Response duplicate = post(PATH, device(serial, null, null));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asString()).contains("serial");

        Response unknownPatient = post(PATH, device("SN-" + UUID.randomUUID(), null, "no-such-patient"));
        assertThat(unknownPatient.status()).isEqualTo(422);
        assertThat(unknownPatient.header("Content-Type")).startsWith("application/problem+json");

        Response missing = post(PATH, Map.of("serial", "x", "model", "m"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("manufacturer");
        assertThat(post(PATH, "{\"serial\": [1]}").status()).isEqualTo(400);
    }

    private List<String> ids(String query) {
        Response response = get(PATH + "?" + query);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("devices").forEach(d -> ids.add(d.get("id").asString()));
        return ids;
    }

    static Map<String, Object> device(String serial, @Nullable String identifier, @Nullable String patientId) {
        Map<String, Object> body = new HashMap<>();
        body.put("manufacturer", "Acme");
        body.put("serial", serial);
        body.put("model", "Pulse 2");
        body.put("identifiers", identifier == null ? List.of() : List.of(identifier));
        body.put("patientId", patientId);
        return body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<DeviceChanged> changesOf(String deviceId, int atLeast) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "device-record-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeviceChanged> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEVICE_CHANGED.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (deviceId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(Topics.DEVICE_CHANGED.codec().decode(record.value()));
                    }
                }
                if (found.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return found;
    }
}
