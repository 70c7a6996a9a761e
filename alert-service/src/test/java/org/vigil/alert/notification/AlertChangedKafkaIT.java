package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.Topics;
import tools.jackson.databind.JsonNode;

/** Every alert change is published on vigil.alert-changed.v1, keyed by patient, in the contract's shape. */
class AlertChangedKafkaIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void raisedAlertIsPublishedInTheShapeOfTheContractFixture() {
        String patient = newPatient();
        // The fixture's own reading: heart rate 142 at 10:00:00Z.
        publish(patient, encode(heartRate(patient, 142, T0)));
        String id = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();
        post("/api/v1/alerts/" + id + "/acknowledge", "{\"by\": \"nurse-4\"}", actingAs("nurse-4"));

        List<ConsumerRecord<byte[], byte[]>> records = changesKeyed(patient, 2);
        assertThat(records).hasSizeGreaterThanOrEqualTo(2);
        JsonNode raised = JSON.readTree(records.get(0).value());
        JsonNode fixture = JSON.readTree(ContractFixtures.bytes("vigil.alert-changed.v1/raised.json"));

        assertThat(fieldNames(raised)).isEqualTo(fieldNames(fixture));
        for (String field : List.of("change", "rule", "category", "severity", "status", "type", "message", "value",
                "unit", "observedAt", "escalationLevel")) {
            assertThat(raised.get(field)).as(field).isEqualTo(fixture.get(field));
        }
        assertThat(raised.get("alertId").asString()).isEqualTo(id);
        assertThat(raised.get("patientId").asString()).isEqualTo(patient);

        AlertChanged acknowledged = Topics.ALERT_CHANGED.codec().decode(records.get(1).value());
        assertThat(acknowledged.change()).isEqualTo(AlertChanged.ACKNOWLEDGED);
        assertThat(acknowledged.status()).isEqualTo("acknowledged");
        assertThat(acknowledged.by()).isEqualTo("nurse-4");
        assertThat(acknowledged.eventId().toString()).isNotEqualTo(raised.get("eventId").asString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static List<ConsumerRecord<byte[], byte[]>> changesKeyed(String key, int expected) {
        return recordsKeyed(Topics.ALERT_CHANGED.name(), key, expected, PATIENCE);
    }
}
