package org.vigil.vitals.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The internal Observation documents API fhir-service reads panels through; rows are written straight into the table
 * (the write path is another API's).
 */
class InternalDocumentSearchIT extends IntegrationTest {

    static final String PANEL = "85353-1";

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String patient = "pat-" + UUID.randomUUID();
    private final String device = "dev-" + UUID.randomUUID();
    private final String integrator = "fhir:ehr-" + UUID.randomUUID();

    @BeforeEach
    void documents() {
        // A panel every 10 minutes over the last hour (7), two at the very same time; one other code; one of another
        // device; one received long ago.
        for (int minutes = 0; minutes <= 60; minutes += 10) {
            insert(device, PANEL, now.minus(minutes, ChronoUnit.MINUTES), "p-" + minutes, now);
        }
        insert(device, PANEL, now.minus(30, ChronoUnit.MINUTES), "p-30-twin", now);
        insert(device, "8716-3", now.minus(5, ChronoUnit.MINUTES), "other-5", now);
        insert(integrator, PANEL, now.minus(15, ChronoUnit.MINUTES), "ehr-15", now.minus(2, ChronoUnit.HOURS));
    }

    @Test
    void aDocumentIsReadByIdWithItsResourceAsAJsonObject() {
        UUID id = insert(device, PANEL, now.minus(1, ChronoUnit.DAYS), "by-id", now);

        Response response = get("/internal/v1/observation-documents/" + id);

        assertThat(response.status()).isEqualTo(200);
        JsonNode view = response.json();
        assertThat(view.get("id").asString()).isEqualTo(id.toString());
        assertThat(view.get("patientId").asString()).isEqualTo(patient);
        assertThat(view.get("deviceId").asString()).isEqualTo(device);
        assertThat(view.get("readingId").asString()).isEqualTo("by-id");
        assertThat(view.get("code").asString()).isEqualTo(PANEL);
        assertThat(Instant.parse(view.get("time").asString())).isEqualTo(now.minus(1, ChronoUnit.DAYS));
        assertThat(Instant.parse(view.get("receivedAt").asString())).isEqualTo(now);
        assertThat(view.get("status").asString()).isEqualTo("final");
        assertThat(view.get("resource").isObject()).isTrue();
        assertThat(view.get("resource").get("hasMember").get(0).get("reference").asString())
                .isEqualTo("Observation/by-id-member");
    }

    @Test
    void anUnknownOrMalformedIdIsANotFoundProblem() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            Response response = get("/internal/v1/observation-documents/" + id);
            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    @Test
    void theDocumentsApiNeedsTheServiceToken() {
        assertThat(get("/internal/v1/observation-documents?patientId=" + patient, (String) null).status()).isEqualTo(401);
    }

    @Test
    void keysetPagesWalkEveryDocumentOnceInBothOrders() {
        for (String order : List.of("asc", "desc")) {
            List<String> seen = new ArrayList<>();
            List<Instant> times = new ArrayList<>();
            String cursor = "";
            while (true) {
                JsonNode page = get("/internal/v1/observation-documents?patientId=" + patient + "&code=" + PANEL
                        + "&deviceId=" + device + "&order=" + order + "&limit=3" + cursor).json().get("documents");
                page.forEach(d -> {
                    seen.add(d.get("readingId").asString());
                    times.add(Instant.parse(d.get("time").asString()));
                });
                if (page.size() < 3) {
                    break;
                }
                JsonNode last = page.get(page.size() - 1);
                cursor = "&cursorTime=" + last.get("time").asString() + "&cursorId=" + last.get("id").asString();
            }
            assertThat(seen).as(order).doesNotHaveDuplicates().hasSize(8).contains("p-30", "p-30-twin");
            if (order.equals("asc")) {
                assertThat(times).isSorted();
                assertThat(seen.getFirst()).isEqualTo("p-60");
            } else {
                assertThat(times.reversed()).isSorted();
                assertThat(seen.getFirst()).isEqualTo("p-0");
            }
        }
    }

    @Test
    void boundsCodesDevicesAndReceiptRestrictTheSearch() {
        String base = "/internal/v1/observation-documents?patientId=" + patient;
        Instant tenAgo = now.minus(10, ChronoUnit.MINUTES);
        Instant thirtyAgo = now.minus(30, ChronoUnit.MINUTES);

        assertThat(readingIds(base + "&deviceId=" + device + "&from=" + thirtyAgo + "&to=" + tenAgo))
                .containsExactlyInAnyOrder("p-10", "p-20", "p-30", "p-30-twin");
        assertThat(readingIds(base + "&deviceId=" + device + "&after=" + thirtyAgo + "&before=" + tenAgo))
                .containsExactly("p-20");
        assertThat(readingIds(base + "&code=8716-3")).containsExactly("other-5");
        assertThat(readingIds(base + "&code=8716-3," + PANEL + "&from=" + now.minus(16, ChronoUnit.MINUTES)))
                .containsExactly("ehr-15", "p-10", "other-5", "p-0");
        assertThat(readingIds("/internal/v1/observation-documents?deviceId=" + integrator)).containsExactly("ehr-15");
        assertThat(readingIds(base + "&code=" + PANEL + "&receivedSince=" + now.minus(1, ChronoUnit.HOURS)))
                .hasSize(8).doesNotContain("ehr-15");
        assertThat(readingIds(base)).hasSize(10);
        assertThat(readingIds(base + "&limit=2&order=desc")).containsExactly("p-0", "other-5");
    }

    @Test
    void countAnswersTheTotalIgnoringLimitAndCursor() {
        JsonNode counted = get("/internal/v1/observation-documents?patientId=" + patient + "&code=" + PANEL
                + "&count=true&limit=2&cursorTime=" + now + "&cursorId=" + UUID.randomUUID()).json();

        assertThat(counted.get("total").asLong()).isEqualTo(9);
        assertThat(counted.has("documents")).isFalse();
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        String base = "/internal/v1/observation-documents?patientId=" + patient;
        assertProblem(base + "&code=85353-1,not%20a%20code", "code");
        assertProblem(base + "&from=yesterday", "from");
        assertProblem(base + "&after=yesterday", "after");
        assertProblem(base + "&to=2026-13-01", "to");
        assertProblem(base + "&before=2026-13-01", "before");
        assertProblem(base + "&receivedSince=soon", "receivedSince");
        assertProblem(base + "&cursorTime=" + now, "cursorTime and cursorId");
        assertProblem(base + "&cursorTime=" + now + "&cursorId=42", "cursorId");
        assertProblem(base + "&cursorTime=later&cursorId=" + UUID.randomUUID(), "cursorTime");
        assertProblem(base + "&count=maybe", "count");
        assertProblem(base + "&order=sideways", "order");
        assertProblem(base + "&limit=0", "limit");
        assertProblem(base + "&limit=1001", "limit");
        assertProblem(base + "&limit=many", "limit");
        assertProblem("/internal/v1/observation-documents?code=" + PANEL, "patientId or deviceId");
    }

    private void assertProblem(String path, String named) {
        Response response = get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).as(path).contains(named);
    }

    private List<String> readingIds(String path) {
        Response response = get(path);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("documents").forEach(d -> ids.add(d.get("readingId").asString()));
        return ids;
    }

    private UUID insert(String deviceId, String code, Instant time, String readingId, Instant receivedAt) {
        UUID id = UUID.randomUUID();
        String resource = """
                {"resourceType": "Observation", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "%s"}]},
                 "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "%s",
                 "hasMember": [{"reference": "Observation/%s-member"}]}""".formatted(code, patient, time, readingId);
        jdbc.update("""
                INSERT INTO observation_document (id, patient_id, device_id, reading_id, code, time, received_at,
                                                  status, resource)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'final', ?::jsonb)
                """, id, patient, deviceId, readingId, code, Timestamp.from(time), Timestamp.from(receivedAt),
                resource);
        return id;
    }
}
