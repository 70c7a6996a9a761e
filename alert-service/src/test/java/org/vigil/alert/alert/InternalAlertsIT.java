package org.vigil.alert.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

/** {@code /internal/v1/alerts}: what fhir-service maps to Flags, for services' tokens only. */
class InternalAlertsIT extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void listsAPatientsAlertsNewestFirstFilteredByStatusAndRaisedTime() {
        String patient = newPatient();
        publish(patient, encode(heartRate(patient, 142, T0)));
        String heart = awaitOpenAlert(patient, "heart-rate-high").get("id").asString();
        publish(patient, encode(quantity(patient, "blood-glucose", 40, "mg/dL", T0.plusSeconds(60))));
        String glucose = awaitOpenAlert(patient, "glucose-low").get("id").asString();
        assertThat(post("/api/v1/alerts/" + heart + "/resolve", "{}").status()).isEqualTo(200);

        assertThat(ids(get("/internal/v1/alerts?patientId=" + patient))).containsExactly(glucose, heart);
        assertThat(ids(get("/internal/v1/alerts?patientId=" + patient + "&status=resolved"))).containsExactly(heart);
        assertThat(ids(get("/internal/v1/alerts?patientId=" + patient + "&limit=1"))).containsExactly(glucose);
        String glucoseRaised = get("/internal/v1/alerts/" + glucose).body().get("raisedAt").asString();
        assertThat(ids(get("/internal/v1/alerts?patientId=" + patient + "&from=" + glucoseRaised)))
                .containsExactly(glucose);
        assertThat(ids(get("/internal/v1/alerts?patientId=" + patient + "&to=2000-01-01T00:00:00Z"))).isEmpty();

        JsonNode one = get("/internal/v1/alerts/" + heart).body();
        assertThat(one.get("patientId").asString()).isEqualTo(patient);
        assertThat(one.get("status").asString()).isEqualTo("resolved");
        assertThat(one.get("resolvedAt").asString()).isNotBlank();
    }

    @Test
    void badInputIs400UnknownIs404AndOnlyServicesMayAsk() {
        assertThat(get("/internal/v1/alerts?status=closed").status()).isEqualTo(400);
        assertThat(get("/internal/v1/alerts?from=yesterday").status()).isEqualTo(400);
        assertThat(get("/internal/v1/alerts?limit=0").status()).isEqualTo(400);
        assertThat(get("/internal/v1/alerts/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(get("/internal/v1/alerts/not-a-uuid").status()).isEqualTo(404);
        assertThat(get("/internal/v1/alerts", actingAs("someone")).status()).isEqualTo(403);
        assertThat(get("/internal/v1/alerts", TestIssuer.clinician("ada")).status()).isEqualTo(403);
    }

    @Test
    void anInstantPostgresqlCannotHoldOrAnOverLongPatientIdIsA400ProblemNotA500() {
        Response farFuture = get("/internal/v1/alerts?from=%2B1000000000-01-01T00:00:00Z");
        Response longAgo = get("/internal/v1/alerts?to=-1000000000-01-01T00:00:00Z");
        Response longId = get("/internal/v1/alerts?patientId=" + "p".repeat(201));

        assertThat(farFuture.status()).isEqualTo(400);
        assertThat(farFuture.contentType()).startsWith("application/problem+json");
        assertThat(farFuture.body().get("detail").asString())
                .isEqualTo("from must be an instant between the years 1 and 9999");
        assertThat(longAgo.status()).isEqualTo(400);
        assertThat(longAgo.body().get("detail").asString())
                .isEqualTo("to must be an instant between the years 1 and 9999");
        assertThat(longId.status()).isEqualTo(400);
        assertThat(longId.contentType()).startsWith("application/problem+json");
        assertThat(longId.body().get("detail").asString()).isEqualTo("patientId must be at most 200 characters");
        assertThat(get("/internal/v1/alerts?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z").status())
                .isEqualTo(200);
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().get("alerts").forEach(a -> ids.add(a.get("id").asString()));
        return ids;
    }
}
