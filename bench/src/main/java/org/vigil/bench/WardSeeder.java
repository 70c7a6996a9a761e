package org.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.vigil.simulator.gateway.AccessTokens;
import org.vigil.simulator.gateway.ProvisioningException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds a ward through the gateway's public API with the demo admin client's token, as any client could: a care team
 * with the clinician as its only member, FHIR Patients (transaction Bundles of 100), each in the team with a device of
 * its own and one full NEWS2 set of readings posted with that device's token. Every tenth patient is out of range
 * (NEWS2 high, heart rate and systolic alerts), so the ward has alerts to count and sort.
 */
final class WardSeeder {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BUNDLE = 100;
    private static final String TEAM_PREFIX = "Ward benchmark ";

    private final URI gateway;
    private final HttpClient http;
    private final AccessTokens tokens;

    WardSeeder(URI gateway, HttpClient http, AccessTokens tokens) {
        this.gateway = gateway;
        this.http = http;
        this.tokens = tokens;
    }

    record Seeded(String teamId, String teamName, List<String> patientIds) {

        /** The first out-of-range patient: the one row refreshed by {@code ?patientId=}. */
        String outOfRange() {
            return patientIds.getFirst();
        }
    }

    record Answer(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /**
     * Takes the clinician out of the teams of earlier runs (an interrupted run leaves them in), so that their ward
     * holds this run's patients only.
     */
    void releaseEarlierTeams(String member) throws IOException, InterruptedException {
        Answer teams = expect(200, send("GET", "/api/v1/care-teams", null, null, admin()), "care teams");
        for (JsonNode team : teams.json().path("careTeams")) {
            boolean isMember = false;
            for (JsonNode m : team.path("members")) {
                isMember |= m.asString().equals(member);
            }
            if (isMember && team.path("name").asString().startsWith(TEAM_PREFIX)) {
                removeMember(team.path("id").asString(), member);
                System.out.printf("[ward] %s removed from %s, left by an earlier run%n", member,
                        team.path("name").asString());
            }
        }
    }

    Seeded seed(String member, int patients, int threads) throws Exception {
        String name = TEAM_PREFIX + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String teamId = expect(201, send("POST", "/api/v1/care-teams", "application/json",
                JSON.writeValueAsString(Map.of("name", name)), admin()), "care team").json()
                .path("id").asString();
        expect(200, send("PUT", "/api/v1/care-teams/" + teamId + "/members/" + enc(member), null, null, admin()),
                "care team member");

        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < patients; from += BUNDLE) {
            ids.addAll(createPatients(run, from, Math.min(patients, from + BUNDLE)));
        }

        // Each patient's steps in order; patients in parallel on a few threads, as a busy integration would.
        Instant assignedFrom = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant measured = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                int n = i;
                work.add(pool.submit(() -> {
                    seedPatient(teamId, ids.get(n), run, n, assignedFrom, measured);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        return new Seeded(teamId, name, List.copyOf(ids));
    }

    /** One transaction Bundle of Patients; answers their ids in order. */
    private List<String> createPatients(String run, int from, int to) throws IOException, InterruptedException {
        StringBuilder entries = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                entries.append(',');
            }
            entries.append("""
                    {"fullUrl":"urn:uuid:%s","resource":{"resourceType":"Patient",
                     "identifier":[{"system":"urn:vigil:ward-benchmark","value":"%s-%04d"}],
                     "name":[{"family":"Wardbench","given":["P%04d"]}],"gender":"%s","birthDate":"19%02d-0%d-1%d"},
                     "request":{"method":"POST","url":"Patient"}}""".formatted(UUID.randomUUID(), run, i + 1, i + 1,
                    i % 2 == 0 ? "female" : "male", 30 + i % 60, 1 + i % 9, i % 10));
        }
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
        Answer answer = expect(200, send("POST", "/fhir", "application/fhir+json", bundle, admin()),
                "Patient transaction");
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : answer.json().path("entry")) {
            String location = entry.path("response").path("location").asString();
            // Patient/{id}/_history/1
            ids.add(location.split("/")[1]);
        }
        if (ids.size() != to - from) {
            throw new IllegalStateException("the transaction created " + ids.size() + " Patients, not " + (to - from));
        }
        return ids;
    }

    private void seedPatient(String teamId, String patientId, String run, int n, Instant assignedFrom,
            Instant t) throws IOException, InterruptedException {
        expect(200, send("PUT", "/api/v1/care-teams/" + teamId + "/patients/" + patientId, null, null, admin()),
                "care team patient");
        JsonNode device = expect(201, send("POST", "/api/v1/devices", "application/json",
                "{\"serial\":\"WB-%s-%04d\",\"manufacturer\":\"Ward Bench\",\"model\":\"WB-1\"}".formatted(run, n + 1),
                admin()), "device").json();
        String deviceId = device.path("id").asString();
        expect(201, send("POST", "/api/v1/devices/" + deviceId + "/assignments", "application/json",
                "{\"patientId\":\"%s\",\"from\":\"%s\"}".formatted(patientId, assignedFrom), admin()),
                "assignment");
        // NEWS2 (RCP 2017) in range: RR 16, SpO2 97 % on air, systolic 122, pulse 72, alert, 36.8 °C = 0.
        // Every tenth: RR 25 (3), SpO2 91 % (2), systolic 88 (3), pulse 135 (3), 38.6 °C (1) = 12, high.
        boolean out = n % 10 == 0;
        String readings = "{\"readings\":[" + String.join(",",
                quantity("rr", "respiratory-rate", out ? 25 : 16, "/min", t),
                quantity("spo2", "spo2", out ? 91 : 97, "%", t.plusSeconds(1)),
                "{\"id\":\"o2\",\"type\":\"supplemental-oxygen\",\"value\":false,\"time\":\"" + t.plusSeconds(2)
                        + "\"}",
                "{\"id\":\"bp\",\"type\":\"blood-pressure\",\"systolic\":%d,\"diastolic\":%d,\"unit\":\"mm[Hg]\","
                        .formatted(out ? 88 : 122, out ? 52 : 78) + "\"time\":\"" + t.plusSeconds(3) + "\"}",
                quantity("hr", "heart-rate", out ? 135 : 72, "/min", t.plusSeconds(4)),
                "{\"id\":\"acvpu\",\"type\":\"consciousness\",\"value\":\"A\",\"time\":\"" + t.plusSeconds(5) + "\"}",
                quantity("temp", "body-temperature", out ? 38.6 : 36.8, "Cel", t.plusSeconds(6))) + "]}";
        Answer posted = expect(202, send("POST", "/api/v1/readings", "application/json", readings,
                "Bearer " + device.path("token").asString()), "readings");
        if (posted.json().path("accepted").asInt() != 7) {
            throw new IllegalStateException("the readings were not all accepted: " + posted.body());
        }
    }

    private static String quantity(String id, String type, double value, String unit, Instant time) {
        return "{\"id\":\"%s\",\"type\":\"%s\",\"value\":%s,\"unit\":\"%s\",\"time\":\"%s\"}"
                .formatted(id, type, value, unit, time);
    }

    /**
     * Polls the ward as the admin client (system scopes: every patient) until every bench patient has a complete
     * NEWS2 and every out-of-range one an open clinical alert, so the timed ward is the settled one.
     */
    void awaitScored(Seeded seeded, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> outOfRange = new HashSet<>();
        for (int i = 0; i < seeded.patientIds().size(); i += 10) {
            outOfRange.add(seeded.patientIds().get(i));
        }
        Set<String> bench = new HashSet<>(seeded.patientIds());
        int ready = 0;
        while (Instant.now().isBefore(deadline)) {
            Answer ward = send("GET", "/api/v1/ward", null, null, admin());
            if (ward.status() == 200) {
                ready = 0;
                for (JsonNode row : ward.json().path("patients")) {
                    String id = row.path("patientId").asString();
                    if (!bench.contains(id) || !row.path("news2").path("complete").asBoolean(false)) {
                        continue;
                    }
                    if (!outOfRange.contains(id) || row.path("alerts").path("clinical").path("open").asInt(0) > 0) {
                        ready++;
                    }
                }
                if (ready == bench.size()) {
                    return;
                }
            }
            Thread.sleep(2_000);
        }
        throw new IllegalStateException("alert-service did not catch up within " + timeout + ": " + ready + " of "
                + bench.size() + " bench patients scored");
    }

    /**
     * Waits, at most {@code timeout}, until alert-service's silence check is done with the bench devices: each posts
     * once, so the check (with {@code ./vigil up}'s settings) calls it silent after 40 s (warning) and again after
     * 5 min (urgent, severity high). While 500 or more devices sit at warning, the check re-reads the same 500 every
     * round without pause (docs/ward-benchmark.md), which takes CPU from the ward; timing after the urgent wave
     * measures the ward alone. Answers whether it came (with production's 15 and 30 minutes the timeout ends the wait).
     */
    boolean awaitSilenceSettled(Seeded seeded, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> bench = new HashSet<>(seeded.patientIds());
        while (Instant.now().isBefore(deadline)) {
            Answer ward = send("GET", "/api/v1/ward", null, null, admin());
            if (ward.status() == 200) {
                int urgent = 0;
                for (JsonNode row : ward.json().path("patients")) {
                    if (bench.contains(row.path("patientId").asString()) && row.path("alerts").path("technical")
                            .path("highestSeverity").asString("").equals("high")) {
                        urgent++;
                    }
                }
                if (urgent == bench.size()) {
                    return true;
                }
            }
            Thread.sleep(5_000);
        }
        return false;
    }

    void removeMember(String teamId, String member) throws IOException, InterruptedException {
        expect(200, send("DELETE", "/api/v1/care-teams/" + teamId + "/members/" + enc(member), null, null, admin()),
                "care team member removal");
    }

    private String admin() throws IOException, InterruptedException {
        try {
            return tokens.authorization();
        } catch (ProvisioningException e) {
            throw new IllegalStateException("the demo admin client was refused a token: " + e.getMessage(), e);
        }
    }

    private Answer send(String method, String path, @Nullable String contentType, @Nullable String body,
            String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "application/json, application/fhir+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response);
    }

    private static Answer expect(int status, Answer answer, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": "
                    + answer.body().substring(0, Math.min(500, answer.body().length())));
        }
        return answer;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
