package org.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.simulator.signal.Scenario;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulatorTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FakeGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new FakeGateway();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void provisionsTheFleetWaitingForAPlatformStillStartingThenStreamsWithEachDevicesToken(@TempDir Path dir)
            throws Exception {
        gateway.unavailableBeforeFirstPatient.set(2);
        Path state = dir.resolve("state.json");

        int status = run("--patients", "2", "--interval", "0.2", "--duration", "1.5", "--state", state.toString(),
                "--gateway", gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(gateway.to("/fhir/Patient")).hasSize(4).allSatisfy(request -> {
            assertThat(request.contentType()).startsWith("application/fhir+json");
            assertThat(request.body().path("identifier").path(0).path("system").asString())
                    .isEqualTo("urn:vigil:demo-mrn");
        });
        assertThat(gateway.to("/api/v1/devices")).hasSize(2);
        assertThat(gateway.to("/api/v1/devices/d-1/assignments").getFirst().body().path("patientId").asString())
                .isEqualTo("p-1");
        assertThat(gateway.to("/api/v1/readings"))
                .extracting(FakeGateway.Received::authorization)
                .contains("Bearer tok-secret-1", "Bearer tok-secret-2")
                .allMatch(auth -> auth.startsWith("Bearer tok-secret-"));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Patient/p-1", "Patient/p-2", "deteriorates", "(done)").doesNotContain("tok-");
        assertThat(printed).containsPattern("accepted [1-9]");

        JsonNode written = JsonMapper.builder().build().readTree(Files.readString(state));
        assertThat(written.path("patients").path(0).path("patientId").asString()).isEqualTo("p-1");
        assertThat(written.path("patients").path(0).path("deviceId").asString()).isEqualTo("d-1");
        assertThat(written.path("patients").path(0).path("deteriorating").asBoolean()).isTrue();
        assertThat(written.path("careTeam").path("id").asString()).isEqualTo("ct-new");
        assertThat(written.path("patientUser").path("linked").asBoolean()).isTrue();
        assertThat(Files.readString(state)).doesNotContain("tok-", "at-secret", "demo-admin-secret");
    }

    @Test
    void eachDeviceIsAssignedFromBeforeItsHistoryThenFromNowAndUploadsTheHistoryAfterItsFirstReadings() {
        int status = run("--patients", "2", "--interval", "0.2", "--duration", "2", "--history", "2",
                "--history-rate", "500", "--gateway", gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<FakeGateway.Received> assignments = gateway.to("/api/v1/devices/d-1/assignments");
        assertThat(assignments).hasSize(2);
        Instant recordsFrom = Instant.parse(assignments.get(0).body().path("from").asString());
        assertThat(recordsFrom).isBefore(Instant.now().minus(Duration.ofHours(3)));
        assertThat(assignments.get(1).body().has("from")).as("the assignment in force starts now").isFalse();

        for (String token : List.of("Bearer tok-secret-1", "Bearer tok-secret-2")) {
            List<JsonNode> requests = gateway.to("/api/v1/readings").stream()
                    .filter(request -> request.authorization().equals(token))
                    .map(FakeGateway.Received::body).toList();
            assertThat(requests.getFirst().path("readings").values())
                    .as("the first request is the first cycle")
                    .noneMatch(r -> r.path("id").asString().startsWith("h-"));
            List<JsonNode> history = requests.stream().flatMap(body -> body.path("readings").values().stream())
                    .filter(r -> r.path("id").asString().startsWith("h-")).toList();
            assertThat(history).as("two hours at chart resolution").hasSizeBetween(2 * 12 * 4, 2 * 12 * 4 + 40);
            Instant firstCycle = Instant.parse(requests.getFirst().path("readings").path(0).path("time").asString());
            assertThat(history).allSatisfy(r -> assertThat(Instant.parse(r.path("time").asString()))
                    .isBefore(firstCycle).isAfter(recordsFrom));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Harold Whitfield (MRN ", "history uploaded");
    }

    @Test
    void theSilentPatientsMonitorStopsTenSecondsInWhileTheOthersGoOn() {
        int status = run("--patients", "6", "--interval", "1", "--duration", "13", "--history", "1",
                "--gateway", gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(liveSpan("Bearer tok-secret-6")).as("the silent device's readings: its last cycle is the first "
                + "one at or after 10 s").isBetween(Scenario.SILENT_AFTER, Scenario.SILENT_AFTER.plusSeconds(1));
        assertThat(liveSpan("Bearer tok-secret-5")).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
        assertThat(gateway.to("/api/v1/readings").stream()
                .filter(request -> request.authorization().equals("Bearer tok-secret-6"))
                .flatMap(request -> request.body().path("readings").values().stream())
                .filter(r -> r.path("id").asString().startsWith("h-")))
                .as("its history, uploaded before it falls silent").isNotEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("(patient 6) falls silent now",
                "<- monitor goes silent");
    }

    /** From the first to the last live reading a device sent. */
    private Duration liveSpan(String token) {
        List<Instant> times = gateway.to("/api/v1/readings").stream()
                .filter(request -> request.authorization().equals(token))
                .flatMap(request -> request.body().path("readings").values().stream())
                .filter(r -> !r.path("id").asString().startsWith("h-"))
                .filter(r -> !r.path("type").asString().equals("rr-intervals"))
                .map(r -> Instant.parse(r.path("time").asString()))
                .sorted().toList();
        return Duration.between(times.getFirst(), times.getLast());
    }

    @Test
    void provisioningUsesTheClientsAccessTokenAndReadingsEachDevicesOwn() {
        int status = run("--patients", "2", "--interval", "0.2", "--duration", "0.5", "--gateway",
                gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(gateway.to("/oauth2/token")).hasSize(1).allSatisfy(request -> {
            assertThat(request.authorization()).isEqualTo(FakeGateway.CLIENT_BASIC);
            assertThat(request.raw()).isEqualTo("grant_type=client_credentials");
        });
        assertThat(gateway.received).filteredOn(request -> !request.path().startsWith("/oauth2/")
                        && !request.path().equals("/api/v1/readings"))
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.authorization()).isEqualTo("Bearer at-secret-1"));
        assertThat(gateway.to("/api/v1/readings")).isNotEmpty()
                .allSatisfy(request -> assertThat(request.authorization()).startsWith("Bearer tok-secret-"));
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .doesNotContain("at-secret", "demo-admin-secret", "tok-secret");
    }

    @Test
    void theClinicianGetsACareTeamWithEveryPatientAndThePatientUserTheFirstPatient() {
        int status = run("--patients", "3", "--duration", "0.1", "--gateway", gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(gateway.to("/api/v1/care-teams")).extracting(FakeGateway.Received::method)
                .containsExactly("GET", "POST");
        assertThat(gateway.to("/api/v1/care-teams").get(1).body().path("name").asString()).isEqualTo("Demo ward");
        assertThat(gateway.to("/api/v1/care-teams/ct-new/members/ada")).extracting(FakeGateway.Received::method)
                .containsExactly("PUT");
        assertThat(gateway.to("/api/v1/care-teams/ct-new/patients/.*")).extracting(FakeGateway.Received::path)
                .containsExactly("/api/v1/care-teams/ct-new/patients/p-1", "/api/v1/care-teams/ct-new/patients/p-2",
                        "/api/v1/care-teams/ct-new/patients/p-3");
        assertThat(gateway.to("/api/v1/patients/.*/user")).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.path()).isEqualTo("/api/v1/patients/p-1/user");
            assertThat(request.body().path("subject").asString()).isEqualTo("pat");
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "clinician ada sees all 3 patients through care team 'Demo ward'",
                "patient user pat sees Patient/p-1");
    }

    @Test
    void anExistingCareTeamIsReusedWhicheverShapeTheListComesIn() {
        gateway.careTeamsBody = "[{\"id\":\"ct-9\",\"name\":\"Night shift\"},{\"id\":\"ct-7\",\"name\":\"Ward 3\"}]";

        int status = run("--patients", "1", "--duration", "0.1", "--care-team", "Ward 3", "--clinician", "ben",
                "--patient-user", "", "--gateway", gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(gateway.to("/api/v1/care-teams")).extracting(FakeGateway.Received::method).containsExactly("GET");
        assertThat(gateway.to("/api/v1/care-teams/ct-7/members/ben")).hasSize(1);
        assertThat(gateway.to("/api/v1/care-teams/ct-7/patients/p-1")).hasSize(1);
        assertThat(gateway.to("/api/v1/patients/.*/user")).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no patient user linked");
    }

    @Test
    void aPatientUserLinkedByAnEarlierRunIsReportedAndTheRunGoesOn() {
        gateway.patientUserStatus = 409;

        int status = run("--patients", "1", "--interval", "0.2", "--duration", "0.5", "--gateway",
                gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("patient user pat is still linked to a patient of an earlier run (409)");
        assertThat(gateway.to("/api/v1/readings")).isNotEmpty();
    }

    @Test
    void aRefusedAccessTokenIsReplacedAndTheCallRepeated() {
        gateway.forgetTokensAfter.set(1);

        int status = run("--patients", "2", "--duration", "0.1", "--gateway", gateway.uri().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(gateway.to("/oauth2/token")).hasSize(2);
        assertThat(gateway.to("/api/v1/devices")).extracting(FakeGateway.Received::authorization)
                .containsExactly("Bearer at-secret-1", "Bearer at-secret-2", "Bearer at-secret-2");
    }

    @Test
    void aRefusedClientSecretEndsTheRunSayingSoWithoutTheSecret() {
        int status = run("--patients", "1", "--client-secret", "not-the-secret", "--gateway",
                gateway.uri().toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("provisioning failed", "the client id or secret was refused (client 'demo-admin')")
                .doesNotContain("not-the-secret");
        assertThat(gateway.to("/fhir/Patient")).isEmpty();
    }

    @Test
    void readingsThePlatformCouldNotTakeAreKeptAndSentAgain() {
        gateway.unavailableReadingRequests.set(1);

        int status = run("--patients", "1", "--interval", "0.25", "--duration", "2.5", "--gateway",
                gateway.uri().toString());

        assertThat(status).isZero();
        List<List<String>> batches = gateway.readingBatches();
        assertThat(batches).hasSizeGreaterThan(2);
        assertThat(batches.get(1)).as("the retry, after a back-off of a second, holds the first batch and more")
                .containsAll(batches.get(0))
                .hasSizeGreaterThan(batches.get(0).size());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("duplicates 0, rejected 0");
    }

    @Test
    void serialsAreUniquePerRunSoARerunDoesNotMeetItsOldDevices() throws Exception {
        run("--patients", "1", "--duration", "0.1", "--gateway", gateway.uri().toString());
        run("--patients", "1", "--duration", "0.1", "--gateway", gateway.uri().toString());

        assertThat(gateway.to("/api/v1/devices"))
                .extracting(request -> request.body().path("serial").asString())
                .doesNotHaveDuplicates()
                .allMatch(serial -> serial.startsWith("SIM-"));
    }

    @Test
    void aProvisioningRefusalEndsTheRunWithTheProblemDetail() throws Exception {
        gateway.deviceStatus = 409;

        int status = run("--patients", "1", "--gateway", gateway.uri().toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("POST /api/v1/devices answered 409: a device with this serial exists");
        assertThat(gateway.to("/api/v1/readings")).isEmpty();
    }

    @Test
    void aMistakeOnTheCommandLineIsExplainedWithTheUsage() {
        assertThat(run("--patients", "zero")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--patients wants a whole number", "Usage:");
    }

    private int run(String... args) {
        return Simulator.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
