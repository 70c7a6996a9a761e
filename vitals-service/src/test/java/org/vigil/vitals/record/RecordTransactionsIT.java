package org.vigil.vitals.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class RecordTransactionsIT extends IntegrationTest {

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
