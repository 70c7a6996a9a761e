package org.vigil.vitals.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class PatientApiIT extends IntegrationTest {

    @Test
    void aCreatedPatientReadsBackWithItsIdAndMetaStampedIntoTheResource() {
        String mrn = "urn:oid:1.2.36.146.595.217.0.1|" + UUID.randomUUID();
        Response created = post("/internal/v1/patients", Map.of(
                "resource", Map.of("resourceType", "Patient", "active", true,
                        "name", List.of(Map.of("family", "Chalmers", "given", List.of("Peter", "James")))),
                "identifiers", List.of(mrn), "family", "Chalmers", "given", List.of("Peter", "James"),
                "birthDate", "1974-12-25"));

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("versionId").asString()).isEqualTo("1");

        Response read = get("/internal/v1/patients/" + id);
        assertThat(read.status()).isEqualTo(200);
        JsonNode resource = read.json().get("resource");
        assertThat(resource.get("resourceType").asString()).isEqualTo("Patient");
        assertThat(resource.get("id").asString()).isEqualTo(id);
        assertThat(resource.get("meta").get("versionId").asString()).isEqualTo("1");
        assertThat(resource.get("name").get(0).get("family").asString()).isEqualTo("Chalmers");
        assertThat(read.json().get("lastUpdated").asString())
                .isEqualTo(created.json().get("lastUpdated").asString());

        JsonNode found = get("/internal/v1/patients?identifier=" + URLEncoder.encode(mrn, StandardCharsets.UTF_8)).json().get("patients");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void anUnknownPatientIsNotFoundAndAPatientWithoutAResourceIsABadRequest() {
        assertThat(get("/internal/v1/patients/" + UUID.randomUUID()).status()).isEqualTo(404);
        Response bad = post("/internal/v1/patients", Map.of("identifiers", List.of()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("resource");
    }
}
