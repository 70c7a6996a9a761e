package org.vigil.alert.ward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.alert.FakeVitals;
import org.vigil.alert.IntegrationTest;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/ward and /api/v1/ward/stream as the clinician dashboard uses them. */
class WardIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    /** A clinician with a care team of its own, whose patients vitals-service knows. */
    private record Team(String clinician, String id, String name) {

        static Team create() {
            String id = UUID.randomUUID().toString();
            return new Team("clin-" + UUID.randomUUID(), id, "Ward " + id.substring(0, 8));
        }

        String token() {
            return TestIssuer.clinician(clinician);
        }

        String admit(String family, String given) {
            String patient = newPatient();
            FakeVitals.patient(patient, family, given, "1948-03-02", "urn:mrn|" + patient.substring(7, 15),
                    id + ":" + name);
            FakeVitals.relate(clinician, "care-team", patient);
            return patient;
        }
    }

    @Test
    void rowsShowLatestValuesInterpretedAgainstThePatientsThresholds() {
        Team team = Team.create();
        Instant t = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String hr130 = team.admit("Abel", "A");
        String hr131 = team.admit("Baker", "B");
        String temp = team.admit("Cole", "C");
        String sys = team.admit("Dunn", "D");
        String overridden = team.admit("Eze", "E");
        String acvpu = team.admit("Fry", "F");
        assertThat(put("/api/v1/patients/" + overridden + "/thresholds",
                "[{\"rule\":\"heart-rate-high\",\"threshold\":120,\"severity\":\"medium\"}]").status()).isEqualTo(200);

        publish(hr130, encode(heartRate(hr130, 130, t)));
        publish(hr131, encode(heartRate(hr131, 131, t)));
        publish(temp, encode(quantity(temp, "body-temperature", 39.0, "Cel", t.minusSeconds(60))));
        publish(temp, encode(quantity(temp, "body-temperature", 39.1, "Cel", t)));
        publish(sys, encode(bloodPressure(sys, 89, 60, t)));
        publish(overridden, encode(heartRate(overridden, 125, t)));
        publish(acvpu, encode(consciousness(acvpu, "V", t)));
        // Older than the stored value: a backlog never overwrites a newer one.
        publish(hr130, encode(heartRate(hr130, 50, t.minusSeconds(600))));

        await().atMost(PATIENCE).until(() -> vital(ward(team, ""), acvpu, "consciousness") != null
                && vital(ward(team, ""), hr130, "heart-rate") != null);
        JsonNode ward = ward(team, "");
        assertThat(ward.get("generatedAt").asString()).endsWith("Z");

        assertInterpretation(vital(ward, hr130, "heart-rate"), 130, "normal", "Normal");
        assertInterpretation(vital(ward, hr131, "heart-rate"), 131, "critical-high", "Critical high (above 130 /min)");
        assertInterpretation(vital(ward, temp, "body-temperature"), 39.1, "high", "High (at or above 39.1 Cel)");
        JsonNode pressure = vital(ward, sys, "blood-pressure");
        assertThat(pressure.get("systolic").asDouble()).isEqualTo(89);
        assertThat(pressure.get("diastolic").asDouble()).isEqualTo(60);
        assertThat(pressure.has("value")).as("a blood pressure has no single value").isFalse();
        assertThat(pressure.get("interpretation").asString()).isEqualTo("critical-low");
        assertThat(pressure.get("interpretationText").asString()).isEqualTo("Critical low (below 90 mm[Hg])");
        assertInterpretation(vital(ward, overridden, "heart-rate"), 125, "high", "High (above 120 /min)");
        JsonNode level = vital(ward, acvpu, "consciousness");
        assertThat(level.get("code").asString()).isEqualTo("V");
        assertThat(level.has("interpretation")).as("no threshold rule looks at consciousness").isFalse();

        JsonNode row = row(ward, hr131);
        assertThat(row.get("family").asString()).isEqualTo("Baker");
        assertThat(row.get("given").asString()).isEqualTo("B");
        assertThat(row.get("birthDate").asString()).isEqualTo("1948-03-02");
        assertThat(row.get("identifiers").get(0).asString()).startsWith("urn:mrn|");
        assertThat(row.get("careTeams").get(0).get("id").asString()).isEqualTo(team.id());
        assertThat(row.get("careTeams").get(0).get("name").asString()).isEqualTo(team.name());
        assertThat(row.get("lastReadingAt").asString()).isEqualTo(t.plusSeconds(1).toString());
        assertThat(row.get("stale").asBoolean()).isFalse();
        assertThat(row.get("staleSeconds").asLong()).isBetween(60L, 600L);
        assertThat(row.get("devices").asInt()).isZero();
        // A heart rate alone makes an incomplete NEWS2 score: shown as such, never as a total.
        assertThat(row.get("news2").get("complete").asBoolean()).isFalse();
        assertThat(row.get("news2").get("total").isNull()).isTrue();
        assertThat(row.get("news2").get("risk").isNull()).isTrue();
        // 131 /min raised heart-rate-high (high).
        await().atMost(PATIENCE).until(() -> row(ward(team, ""), hr131).get("alerts").get("clinical").get("open")
                .asInt() == 1);
        JsonNode clinical = row(ward(team, ""), hr131).get("alerts").get("clinical");
        assertThat(clinical.get("unacknowledged").asInt()).isEqualTo(1);
        assertThat(clinical.get("highestSeverity").asString()).isEqualTo("high");
        assertThat(row(ward(team, ""), hr131).get("alerts").get("technical").get("open").asInt()).isZero();
    }

    @Test
    void rowsAreSortedByNews2BandThenAlertSeverityThenStalenessThenName() {
        Team team = Team.create();
        Instant now = Instant.now();
        String quietOld = team.admit("Quiet", "Old");
        String quietNew = team.admit("Quiet", "New");
        String alerting = team.admit("Zed", "Alerting");
        String medium = team.admit("Young", "Medium");
        String high = team.admit("Xavier", "High");
        String unnamedScore = team.admit("Adams", "NoScore");
        score(high, 7, "high", now.minusSeconds(300));
        score(medium, 5, "medium", now.minusSeconds(300));
        score(medium, 6, "medium", now.minusSeconds(200));
        publish(quietOld, encode(heartRate(quietOld, 80, now.minus(40, ChronoUnit.MINUTES))));
        publish(quietNew, encode(heartRate(quietNew, 80, now.minus(1, ChronoUnit.MINUTES))));
        publish(alerting, encode(heartRate(alerting, 150, now.minus(1, ChronoUnit.MINUTES))));
        await().atMost(PATIENCE).until(() -> row(ward(team, ""), alerting).get("alerts").get("clinical")
                .get("open").asInt() == 1 && vital(ward(team, ""), quietOld, "heart-rate") != null
                && vital(ward(team, ""), quietNew, "heart-rate") != null);

        JsonNode ward = ward(team, "");
        assertThat(ids(ward)).containsExactly(high, medium, alerting, quietOld, quietNew, unnamedScore);
        JsonNode news2 = row(ward, medium).get("news2");
        assertThat(news2.get("total").asInt()).isEqualTo(6);
        assertThat(news2.get("risk").asString()).isEqualTo("medium");
        assertThat(news2.get("complete").asBoolean()).isTrue();
        assertThat(news2.get("previousTotal").asInt()).isEqualTo(5);
        assertThat(news2.get("trend").asString()).isEqualTo("up");
        assertThat(row(ward, high).get("news2").get("trend").isNull()).isTrue();
        assertThat(row(ward, quietOld).get("stale").asBoolean()).isTrue();
        assertThat(row(ward, quietOld).get("staleSeconds").asLong()).isGreaterThanOrEqualTo(40 * 60 - 5);
        assertThat(row(ward, quietNew).get("stale").asBoolean()).isFalse();
        assertThat(row(ward, unnamedScore).get("lastReadingAt").isNull()).isTrue();
        assertThat(row(ward, unnamedScore).get("staleSeconds").isNull()).isTrue();
    }

    @Test
    void filtersByCareTeamOpenAlertsAndText() {
        Team team = Team.create();
        String okafor = team.admit("Okafor", "Ada");
        String other = newPatient();
        FakeVitals.patient(other, "Smith", "Okay", "1950-01-01", "urn:mrn|XK-991", "other-team:Other ward");
        FakeVitals.relate(team.clinician(), "care-team", other);
        publish(other, encode(heartRate(other, 150, Instant.now().minusSeconds(30))));
        await().atMost(PATIENCE).until(() -> row(ward(team, ""), other).get("alerts").get("clinical").get("open")
                .asInt() == 1);

        assertThat(ids(ward(team, "careTeam=" + team.id()))).containsExactly(okafor);
        assertThat(ids(ward(team, "careTeam=other-team"))).containsExactly(other);
        assertThat(ids(ward(team, "openAlerts=true"))).containsExactly(other);
        assertThat(ids(ward(team, "openAlerts=false"))).containsExactlyInAnyOrder(okafor, other);
        assertThat(ids(ward(team, "q=okaf"))).containsExactly(okafor);
        assertThat(ids(ward(team, "q=OKA"))).containsExactlyInAnyOrder(okafor, other);
        assertThat(ids(ward(team, "q=xk-99"))).containsExactly(other);
        assertThat(ids(ward(team, "q=nobody"))).isEmpty();

        Response bad = get("/api/v1/ward?openAlerts=maybe", team.token());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("detail").asString()).contains("openAlerts");
        assertThat(get("/api/v1/ward?q=" + "x".repeat(201), team.token()).status()).isEqualTo(400);
    }

    @Test
    void aClinicianSeesOnlyTheirOwnPatientsAndIsRefusedAnotherTeamsRow() {
        Team team = Team.create();
        Team others = Team.create();
        String mine = team.admit("Mine", "M");
        String theirs = others.admit("Theirs", "T");

        assertThat(ids(ward(team, ""))).containsExactly(mine);
        assertThat(ids(ward(others, ""))).containsExactly(theirs);
        Response refused = get("/api/v1/ward?patientId=" + theirs, team.token());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        Response one = get("/api/v1/ward?patientId=" + mine, team.token());
        assertThat(one.status()).isEqualTo(200);
        assertThat(ids(one.body())).containsExactly(mine);
        assertThat(ids(get("/api/v1/ward", TestIssuer.clinician("nobody-" + UUID.randomUUID())).body())).isEmpty();
        assertThat(ids(get("/api/v1/ward", TestIssuer.admin()).body())).isEmpty();
        assertThat(get("/api/v1/ward", (String) null).status()).isEqualTo(401);
        // A system/Observation.rs client sees every patient vitals-service knows.
        assertThat(ids(get("/api/v1/ward").body())).contains(mine, theirs);
    }

    @Test
    void theStreamNamesAPatientOfTheScopeAfterTheirReadingAndNeverAnotherTeams() throws Exception {
        Team team = Team.create();
        Team others = Team.create();
        String mine = team.admit("Stream", "S");
        String theirs = others.admit("Elsewhere", "E");
        // The timeouts bound the connection and the response headers; the stream itself is bounded by the await below.
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Stream<String>> response = client.sendAsync(authorized(HttpRequest.newBuilder(
                        uri("/api/v1/ward/stream")).timeout(Duration.ofSeconds(10)), team.token())
                        .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed
            }
        });
        try {
            publish(theirs, encode(heartRate(theirs, 80, Instant.now())));
            publish(mine, encode(heartRate(mine, 80, Instant.now())));
            await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:")
                    && l.contains(mine)));
            assertThat(lines).contains("event:ward");
            String data = lines.stream().filter(l -> l.startsWith("data:") && l.contains(mine)).findFirst()
                    .orElseThrow();
            JsonNode event = JSON.readTree(data.substring("data:".length()));
            assertThat(event.get("patientIds").get(0).asString()).isEqualTo(mine);
            assertThat(lines).noneMatch(l -> l.contains(theirs));
            assertThat(lines).noneMatch(l -> l.contains("heart-rate"));
        } finally {
            response.body().close();
            reader.interrupt();
            client.shutdownNow();
        }
    }

    @Test
    void news2HistoryIsNewestFirstWithinItsBoundsAndRefusedOutsideTheScope() {
        Team team = Team.create();
        Team others = Team.create();
        String patient = team.admit("History", "H");
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        score(patient, 1, "low", t);
        score(patient, 5, "medium", t.plusSeconds(60));
        score(patient, null, null, t.plusSeconds(120));

        Response all = get("/api/v1/patients/" + patient + "/news2/history", team.token());
        assertThat(all.status()).isEqualTo(200);
        JsonNode scores = all.body().get("scores");
        assertThat(scores).hasSize(3);
        assertThat(scores.get(0).get("computedAt").asString()).isEqualTo(t.plusSeconds(120).toString());
        assertThat(scores.get(0).get("complete").asBoolean()).isFalse();
        assertThat(scores.get(0).get("total").isNull()).isTrue();
        assertThat(scores.get(1).get("total").asInt()).isEqualTo(5);
        assertThat(scores.get(1).get("risk").asString()).isEqualTo("medium");
        assertThat(scores.get(1).get("scale").asInt()).isEqualTo(1);
        JsonNode bounded = get("/api/v1/patients/" + patient + "/news2/history?from=" + t + "&to="
                + t.plusSeconds(60) + "&limit=1", team.token()).body().get("scores");
        assertThat(bounded).hasSize(1);
        assertThat(bounded.get(0).get("total").asInt()).isEqualTo(5);

        assertThat(get("/api/v1/patients/" + patient + "/news2/history", others.token()).status()).isEqualTo(403);
        assertThat(get("/api/v1/patients/" + patient + "/news2/history?limit=5001", team.token()).status())
                .isEqualTo(400);
        assertThat(get("/api/v1/patients/" + patient + "/news2/history?from=yesterday", team.token()).status())
                .isEqualTo(400);
    }

    private JsonNode ward(Team team, String query) {
        Response response = get("/api/v1/ward" + (query.isEmpty() ? "" : "?" + query), team.token());
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static List<String> ids(JsonNode ward) {
        List<String> ids = new ArrayList<>();
        ward.get("patients").forEach(row -> ids.add(row.get("patientId").asString()));
        return ids;
    }

    private static JsonNode row(JsonNode ward, String patient) {
        for (JsonNode row : ward.get("patients")) {
            if (row.get("patientId").asString().equals(patient)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + patient);
    }

    private static JsonNode vital(JsonNode ward, String patient, String type) {
        for (JsonNode vital : row(ward, patient).get("vitals")) {
            if (vital.get("type").asString().equals(type)) {
                return vital;
            }
        }
        return null;
    }

    private static void assertInterpretation(JsonNode vital, double value, String code, String text) {
        assertThat(vital.get("value").asDouble()).isEqualTo(value);
        assertThat(vital.get("interpretation").asString()).isEqualTo(code);
        assertThat(vital.get("interpretationText").asString()).isEqualTo(text);
    }

    private void score(String patient, Integer total, String risk, Instant at) {
        jdbc.sql("""
                insert into news2_score (id, patient_id, computed_at, total, risk, scale, complete, missing, based_on,
                                         trigger_reading, created_at)
                values (:id, :patient, :at, :total, :risk, 1, :complete, :missing, '{}', :trigger, :at)""")
                .param("id", UUID.randomUUID()).param("patient", patient).param("at", at.atOffset(ZoneOffset.UTC))
                .param("total", total).param("risk", risk).param("complete", total != null)
                .param("missing", total != null ? new String[0] : new String[] {"temperature"})
                .param("trigger", UUID.randomUUID())
                .update();
    }

    private static ReadingRecorded bloodPressure(String patient, double systolic, double diastolic, Instant time) {
        ReadingRecorded golden = ContractFixtures.reading("heart-rate");
        return new ReadingRecorded(UUID.randomUUID(), golden.deviceId(), "r-" + UUID.randomUUID(), patient,
                "blood-pressure", time, time.plusSeconds(1), null, "mm[Hg]", systolic, diastolic, null, null, null,
                golden.correlationId(), golden.source());
    }

    private static ReadingRecorded consciousness(String patient, String level, Instant time) {
        ReadingRecorded golden = ContractFixtures.reading("heart-rate");
        return new ReadingRecorded(UUID.randomUUID(), golden.deviceId(), "r-" + UUID.randomUUID(), patient,
                "consciousness", time, time.plusSeconds(1), null, null, null, null, level, null, null,
                golden.correlationId(), golden.source());
    }
}
