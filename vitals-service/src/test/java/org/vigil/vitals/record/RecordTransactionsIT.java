package org.vigil.vitals.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.events.Headers;
import org.vigil.common.events.ObservationDocumentRecorded;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class RecordTransactionsIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private static final String PATH = "/internal/v1/record-transactions";

    @Test
    void aPatientAndADeviceNamingItByRefAreWrittenTogether() {
        String mrn = "urn:mrn|" + UUID.randomUUID();
        String serial = "SN-" + UUID.randomUUID();
        Map<String, Object> device = device(serial);
        device.put("patientRef", "urn:uuid:p1");

        Response response = post(PATH, Map.of("entries", List.of(
                Map.of("ref", "urn:uuid:d1", "kind", "device", "method", "POST", "device", device),
                Map.of("ref", "urn:uuid:p1", "kind", "patient", "method", "POST", "patient", patient(mrn)))));

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        JsonNode entries = response.json().get("entries");
        assertThat(entries.get(0).get("ref").asString()).isEqualTo("urn:uuid:d1");
        assertThat(entries.get(1).get("ref").asString()).isEqualTo("urn:uuid:p1");
        assertThat(entries.get(1).get("created").asBoolean()).isTrue();
        String patientId = entries.get(1).get("id").asString();
        JsonNode record = get("/internal/v1/device-records/" + entries.get(0).get("id").asString()).json();
        assertThat(record.get("patientId").asString()).isEqualTo(patientId);

        Response conditional = post(PATH, Map.of("entries", List.of(Map.of("ref", "p", "kind", "patient",
                "method", "POST", "ifNoneExist", "identifier=" + URLEncoder.encode(mrn, StandardCharsets.UTF_8),
                "patient", patient(mrn)))));
        assertThat(conditional.json().get("entries").get(0).get("id").asString()).isEqualTo(patientId);
        assertThat(conditional.json().get("entries").get(0).get("created").asBoolean()).isFalse();
    }

    @Test
    void aFailingSecondEntryLeavesNothingOfTheFirst() {
        String mrn = "urn:mrn|" + UUID.randomUUID();
        String taken = "SN-" + UUID.randomUUID();
        assertThat(post("/internal/v1/device-records", device(taken)).status()).isEqualTo(201);

        Response response = post(PATH, Map.of("entries", List.of(
                Map.of("ref", "urn:uuid:first", "kind", "patient", "method", "POST", "patient", patient(mrn)),
                Map.of("ref", "urn:uuid:second", "kind", "device", "method", "POST", "device", device(taken)))));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("ref").asString()).isEqualTo("urn:uuid:second");
        assertThat(get("/internal/v1/patients?identifier=" + URLEncoder.encode(mrn, StandardCharsets.UTF_8)).json()
                .get("total").asLong()).isZero();
    }

    @Test
    void aStaleIfMatchOrABadEntryIsAProblemNamingItsRef() {
        String mrn = "urn:mrn|" + UUID.randomUUID();
        String id = post("/internal/v1/patients", patient(mrn)).json().get("id").asString();

        Response stale = post(PATH, Map.of("entries", List.of(Map.of("ref", "u1", "kind", "patient", "method", "PUT",
                "id", id, "ifMatch", "7", "patient", patient(mrn)))));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("ref").asString()).isEqualTo("u1");
        assertThat(get("/internal/v1/patients/" + id).json().get("versionId").asString()).isEqualTo("1");

        Response badKind = post(PATH, Map.of("entries", List.of(Map.of("ref", "x1", "kind", "flag", "method",
                "POST"))));
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.json().get("ref").asString()).isEqualTo("x1");
        assertThat(badKind.json().get("detail").asString()).contains("kind");

        Map<String, Object> orphan = device("SN-" + UUID.randomUUID());
        orphan.put("patientRef", "urn:uuid:nobody");
        Response unknownRef = post(PATH, Map.of("entries", List.of(Map.of("ref", "d", "kind", "device", "method",
                "POST", "device", orphan))));
        assertThat(unknownRef.status()).isEqualTo(400);
        assertThat(unknownRef.json().get("detail").asString()).contains("patientRef");

        assertThat(post(PATH, Map.of("entries", List.of())).status()).isEqualTo(400);
    }

    @Test
    void readingsAndAPanelNamingEntriesByRefAreWrittenWithThePatientAndDeviceAndTheReadingsPublished() {
        String mrn = "urn:mrn|" + UUID.randomUUID();
        String serial = "SN-" + UUID.randomUUID();
        Map<String, Object> device = device(serial);
        device.put("patientRef", "urn:uuid:p");
        String member = "urn:uuid:" + UUID.randomUUID();
        String panelId = UUID.randomUUID().toString();

        Response response = post(PATH, Map.of("entries", List.of(
                Map.of("ref", "urn:uuid:p", "kind", "patient", "method", "POST", "patient", patient(mrn)),
                Map.of("ref", "urn:uuid:d", "kind", "device", "method", "POST", "device", device),
                Map.of("ref", member, "kind", "reading", "method", "POST", "reading", Map.of(
                        "event", event("urn:uuid:p", "urn:uuid:d", "hr-1", "urn:uuid:p"),
                        "patientRef", "urn:uuid:p", "deviceRef", "urn:uuid:d")),
                Map.of("ref", "urn:uuid:panel", "kind", "document", "method", "POST", "document", Map.of(
                        "id", panelId, "patientRef", "urn:uuid:p", "deviceRef", "urn:uuid:d", "readingId", "panel-1",
                        "code", "85353-1", "time", TIME, "status", "final", "resource", Map.of(
                                "resourceType", "Observation", "status", "final",
                                "subject", Map.of("reference", "urn:uuid:p"),
                                "hasMember", List.of(Map.of("reference", member),
                                        Map.of("reference", "Observation/elsewhere"))))))));

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        JsonNode entries = response.json().get("entries");
        String patientId = entries.get(0).get("id").asString();
        String deviceId = entries.get(1).get("id").asString();
        String readingId = entries.get(2).get("id").asString();
        assertThat(entries.get(2).get("created").asBoolean()).isTrue();
        assertThat(entries.get(3).get("id").asString()).isEqualTo(panelId);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/internal/v1/readings/" + readingId).status() == 200);
        JsonNode reading = get("/internal/v1/readings/" + readingId).json();
        assertThat(reading.get("patientId").asString()).isEqualTo(patientId);
        assertThat(reading.get("deviceId").asString()).isEqualTo(deviceId);
        assertThat(reading.get("resource").get("subject").get("reference").asString())
                .isEqualTo("Patient/" + patientId);
        JsonNode panel = JSON.readTree(jdbc.queryForObject(
                "SELECT resource::text FROM observation_document WHERE id = ?::uuid", String.class, panelId));
        assertThat(panel.get("subject").get("reference").asString()).isEqualTo("Patient/" + patientId);
        assertThat(panel.get("hasMember").get(0).get("reference").asString()).isEqualTo("Observation/" + readingId);
        assertThat(panel.get("hasMember").get(1).get("reference").asString()).isEqualTo("Observation/elsewhere");
        ObservationDocumentRecorded announced = announced(panelId);
        assertThat(announced.patientId()).isEqualTo(patientId);
        assertThat(announced.deviceId()).isEqualTo(deviceId);
        assertThat(announced.code()).isEqualTo("85353-1");
        assertThat(JSON.readTree(announced.resource())).isEqualTo(panel);

        Response again = post(PATH, Map.of("entries", List.of(
                Map.of("ref", "r", "kind", "reading", "method", "POST", "reading", Map.of(
                        "event", event(patientId, deviceId, "hr-1", "Patient/" + patientId))),
                Map.of("ref", "panel", "kind", "document", "method", "POST", "document", Map.of(
                        "id", UUID.randomUUID().toString(), "patientId", patientId, "deviceId", deviceId,
                        "readingId", "panel-1", "code", "85353-1", "time", TIME, "status", "final",
                        "resource", Map.of("resourceType", "Observation"))))));
        assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
        assertThat(again.json().get("entries").get(0).get("id").asString()).isEqualTo(readingId);
        assertThat(again.json().get("entries").get(0).get("created").asBoolean()).isFalse();
        assertThat(again.json().get("entries").get(1).get("id").asString()).isEqualTo(panelId);
        assertThat(again.json().get("entries").get(1).get("created").asBoolean()).isFalse();
    }

    /** The last entry written fails: the patient, the reading's claim and event and the first document are undone. */
    @Test
    void aFailingLastEntryLeavesNoPatientNoReadingQueuedOrClaimedAndNoDocument() {
        String mrn = "urn:mrn|" + UUID.randomUUID();
        String client = "fhir:tx-" + UUID.randomUUID();

        Response response = post(PATH, Map.of("entries", List.of(
                Map.of("ref", "p", "kind", "patient", "method", "POST", "patient", patient(mrn)),
                Map.of("ref", "r", "kind", "reading", "method", "POST", "reading", Map.of(
                        "event", event("p", client, "hr-2", "p"), "patientRef", "p")),
                Map.of("ref", "doc", "kind", "document", "method", "POST", "document", Map.of(
                        "id", UUID.randomUUID().toString(), "patientRef", "p", "deviceId", client,
                        "readingId", "panel-2", "code", "85353-1", "time", TIME, "status", "final",
                        "resource", Map.of("resourceType", "Observation"))),
                Map.of("ref", "bad", "kind", "document", "method", "POST", "document", Map.of(
                        "id", UUID.randomUUID().toString(), "patientRef", "r", "deviceId", client,
                        "readingId", "panel-3", "code", "85353-1", "time", TIME, "status", "final",
                        "resource", Map.of("resourceType", "Observation"))))));

        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        assertThat(response.json().get("ref").asString()).isEqualTo("bad");
        assertThat(response.json().get("detail").asString()).contains("patientRef r names no patient");
        assertThat(get("/internal/v1/patients?identifier=" + URLEncoder.encode(mrn, StandardCharsets.UTF_8)).json()
                .get("total").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_outbox WHERE device_id = ?", Integer.class,
                client)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM observation_document WHERE device_id = ?",
                Integer.class, client)).isZero();
        Response claim = post("/internal/v1/devices/" + client + "/reading-claims",
                Map.of("readingIds", List.of("hr-2")));
        assertThat(texts(claim.json().get("claimed"))).as("the rolled-back claim is free").containsExactly("hr-2");
    }

    @Test
    void aReadingOrDocumentEntryWithoutItsBodyOrRefsIsABadRequestNamingIt() {
        Response noEvent = post(PATH, Map.of("entries", List.of(Map.of("ref", "r1", "kind", "reading",
                "method", "POST", "reading", Map.of()))));
        assertThat(noEvent.status()).isEqualTo(400);
        assertThat(noEvent.json().get("ref").asString()).isEqualTo("r1");
        assertThat(noEvent.json().get("detail").asString()).contains("reading.event");

        Response put = post(PATH, Map.of("entries", List.of(Map.of("ref", "r2", "kind", "reading",
                "method", "PUT", "id", "x", "reading", Map.of("event", Map.of())))));
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("detail").asString()).contains("POST");

        Response unknownRef = post(PATH, Map.of("entries", List.of(Map.of("ref", "r3", "kind", "reading",
                "method", "POST", "reading", Map.of("event", event("x", "y", "z", "x"), "patientRef", "urn:nope")))));
        assertThat(unknownRef.status()).isEqualTo(400);
        assertThat(unknownRef.json().get("detail").asString()).contains("patientRef");

        Response noPatient = post(PATH, Map.of("entries", List.of(Map.of("ref", "doc", "kind", "document",
                "method", "POST", "document", Map.of("id", UUID.randomUUID().toString(), "deviceId", "fhir:x",
                        "readingId", "p", "code", "85353-1", "time", TIME, "status", "final",
                        "resource", Map.of("resourceType", "Observation"))))));
        assertThat(noPatient.status()).isEqualTo(400);
        assertThat(noPatient.json().get("detail").asString()).contains("patientId");

        String client = "fhir:tx-" + UUID.randomUUID();
        Map<String, Object> unknownType = event(createPatient(), client, "x-1", "Patient/x");
        unknownType.put("type", "blood-ketones");
        Response unstorable = post(PATH, Map.of("entries", List.of(Map.of("ref", "r4", "kind", "reading",
                "method", "POST", "reading", Map.of("event", unknownType)))));
        assertThat(unstorable.status()).as("what the consumer would dead-letter is refused before it is queued")
                .isEqualTo(400);
        assertThat(unstorable.json().get("detail").asString()).contains("cannot be stored", "unknown reading type");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_outbox WHERE device_id = ?", Integer.class,
                client)).isZero();

        Response nul = post(PATH, Map.of("entries", List.of(Map.of("ref", "doc", "kind", "document",
                "method", "POST", "document", Map.of("id", UUID.randomUUID().toString(), "patientId", "p",
                        "deviceId", client, "readingId", "p-nul", "code", "85353-1", "time", TIME, "status", "final",
                        "resource", Map.of("resourceType", "Observation", "note", List.of(Map.of("text",
                                "a" + (char) 0 + "b"))))))));
        assertThat(nul.status()).as(nul.raw().body()).isEqualTo(400);
        assertThat(nul.json().get("detail").asString()).contains("NUL");
    }

    private static final String TIME = "2026-11-20T08:00:00Z";

    /** The announcement of this document on its topic, read back as fhir-service's Subscriptions read it. */
    private static ObservationDocumentRecorded announced(String documentId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String topic = Topics.OBSERVATION_DOCUMENT_RECORDED.name();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ObservationDocumentRecorded event = Topics.OBSERVATION_DOCUMENT_RECORDED.codec()
                            .decode(record.value());
                    if (event.documentId().toString().equals(documentId)) {
                        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.patientId());
                        assertThat(event.correlationId()).as("the request's correlation id").isNotBlank();
                        assertThat(new String(record.headers().lastHeader(Headers.CORRELATION_ID).value(),
                                StandardCharsets.UTF_8)).isEqualTo(event.correlationId());
                        return event;
                    }
                }
            }
        }
        throw new AssertionError("document " + documentId + " was not announced on " + topic);
    }

    /** A reading-recorded event as fhir-service builds it (patient and device may still be entry refs). */
    private static Map<String, Object> event(String patient, String device, String readingId, String subject) {
        Map<String, Object> event = new HashMap<>();
        event.put("eventId", UUID.randomUUID().toString());
        event.put("deviceId", device);
        event.put("readingId", readingId);
        event.put("patientId", patient);
        event.put("type", "heart-rate");
        event.put("time", TIME);
        event.put("receivedAt", TIME);
        event.put("value", 64.0);
        event.put("unit", "/min");
        event.put("source", "fhir");
        event.put("status", "final");
        event.put("resource", JSON.writeValueAsString(Map.of("resourceType", "Observation", "status", "final",
                "subject", Map.of("reference", subject))));
        return event;
    }

    private static Map<String, Object> patient(String identifier) {
        return Map.of("resource", Map.of("resourceType", "Patient", "name", List.of(Map.of("family", "Tx"))),
                "identifiers", List.of(identifier), "family", "Tx");
    }

    private static Map<String, Object> device(String serial) {
        Map<String, Object> body = new HashMap<>();
        body.put("manufacturer", "Acme");
        body.put("serial", serial);
        body.put("model", "Pulse 2");
        return body;
    }
}
