package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.ZipFile;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 3 through the gateway only, with the real identities of the demo profile: people signed in through the
 * dashboard's PKCE login (session cookies, no tokens in the browser), integrators with client credentials, devices
 * with their own tokens. One patient is "own" (in ada's care team, and pat's own record), the other is nobody's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    private static final Duration PIPELINE = Duration.ofSeconds(40);
    /** Distinctive enough to find in a log if anything ever wrote it there. */
    private static final String OWN_FAMILY = "Zephyrquill";
    private static final String OTHER_FAMILY = "Brackenmoor";
    private static final double OWN_HEART_RATE = 173.5;

    private static Platform platform;
    private static Api admin;
    private static String own;
    private static String other;
    private static Api.Device ownDevice;
    private static Api.Device otherDevice;
    private static String ownAlert;
    private static String otherAlert;
    private static String ownObservation;
    private static String otherObservation;
    private static Map<String, Api> callers;
    private static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void twoPatientsOneCareTeamAndEveryKindOfCaller() {
        platform = Platform.get();
        admin = new Api(platform.gateway());
        own = admin.createPatient(OWN_FAMILY, "Own");
        other = admin.createPatient(OTHER_FAMILY, "Other");
        ownDevice = admin.registerDevice("Acme Medical");
        otherDevice = admin.registerDevice("Acme Medical");
        admin.assign(ownDevice.id(), own, Instant.now().minus(Duration.ofHours(1)));
        admin.assign(otherDevice.id(), other, Instant.now().minus(Duration.ofHours(1)));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        assertThat(admin.postReadings(ownDevice.token(),
                "[" + Api.reading("s-own-1", "heart-rate", OWN_HEART_RATE, "/min", t) + "]").status()).isEqualTo(202);
        assertThat(admin.postReadings(otherDevice.token(),
                "[" + Api.reading("s-other-1", "heart-rate", 171.25, "/min", t) + "]").status()).isEqualTo(202);

        JsonNode team = admin.post("/api/v1/care-teams", "{\"name\":\"E2E ward " + UUID.randomUUID() + "\"}").json();
        String teamId = team.get("id").asString();
        assertThat(admin.put("/api/v1/care-teams/" + teamId + "/members/ada", null).status()).isEqualTo(200);
        assertThat(admin.put("/api/v1/care-teams/" + teamId + "/patients/" + own, null).status()).isEqualTo(200);
        Api.Response linked = admin.put("/api/v1/patients/" + own + "/user", "{\"subject\":\"pat\"}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);

        ownAlert = firstAlertOf(own);
        otherAlert = firstAlertOf(other);
        ownObservation = firstObservationOf(own);
        otherObservation = firstObservationOf(other);

        callers = new LinkedHashMap<>();
        for (String user : List.of("ada", "ben", "admin", "pat")) {
            BrowserSession session = BrowserSession.signIn(user, user + "-demo-password");
            callers.put(user, session.api());
        }
        String integratorToken = Tokens.integrator();
        secrets.add(integratorToken);
        secrets.add(Tokens.admin());
        callers.put("integrator", admin.as(integratorToken));
        callers.put("nobody", admin.anonymous());
        secrets.add(ownDevice.token());
        secrets.add(otherDevice.token());
    }

    /** What each caller may do: the table of docs/security.md, written out independently of the code. */
    private enum Kind { PATIENT, DEVICE, OBSERVATION, ALERT, ALERT_SETTINGS }

    private static boolean allowed(String caller, Kind kind, boolean write, boolean ownPatient) {
        return switch (caller) {
            case "ada" -> ownPatient;
            case "admin" -> Set.of(Kind.PATIENT, Kind.DEVICE, Kind.ALERT_SETTINGS).contains(kind);
            case "pat" -> ownPatient && !write && kind != Kind.ALERT_SETTINGS;
            // demo-integrator: system/Patient.rs Observation.rs Observation.c Device.rs Flag.rs
            case "integrator" -> !write;
            default -> false;
        };
    }

    private record Endpoint(String method, Function<Boolean, String> path, Kind kind, String body) {

        boolean write() {
            return !method.equals("GET");
        }
    }

    private static List<Endpoint> endpoints() {
        String range = "&from=" + Instant.now().minus(Duration.ofDays(1)) + "&to=" + Instant.now().plusSeconds(60);
        Function<Boolean, String> patient = o -> o ? own : other;
        Function<Boolean, String> device = o -> o ? ownDevice.id() : otherDevice.id();
        Function<Boolean, String> alert = o -> o ? ownAlert : otherAlert;
        Function<Boolean, String> observation = o -> o ? ownObservation : otherObservation;
        return List.of(
                new Endpoint("GET", o -> "/api/v1/patients/" + patient.apply(o), Kind.PATIENT, null),
                new Endpoint("GET", o -> "/fhir/Patient/" + patient.apply(o), Kind.PATIENT, null),
                new Endpoint("GET", o -> "/api/v1/devices/" + device.apply(o), Kind.DEVICE, null),
                new Endpoint("GET", o -> "/api/v1/devices/" + device.apply(o) + "/assignments", Kind.DEVICE, null),
                new Endpoint("GET", o -> "/api/v1/patients/" + patient.apply(o) + "/vitals/latest", Kind.OBSERVATION,
                        null),
                new Endpoint("GET", o -> "/api/v1/patients/" + patient.apply(o) + "/vitals?type=heart-rate" + range,
                        Kind.OBSERVATION, null),
                new Endpoint("GET", o -> "/api/v1/patients/" + patient.apply(o) + "/news2", Kind.OBSERVATION, null),
                new Endpoint("GET", o -> "/fhir/Observation?subject=Patient/" + patient.apply(o), Kind.OBSERVATION,
                        null),
                new Endpoint("GET", o -> "/fhir/Observation/" + observation.apply(o), Kind.OBSERVATION, null),
                new Endpoint("GET", o -> "/api/v1/alerts?patientId=" + patient.apply(o), Kind.ALERT, null),
                new Endpoint("GET", o -> "/api/v1/alerts/" + alert.apply(o), Kind.ALERT, null),
                new Endpoint("GET", o -> "/api/v1/alerts/" + alert.apply(o) + "/history", Kind.ALERT, null),
                new Endpoint("POST", o -> "/api/v1/alerts/" + alert.apply(o) + "/comments", Kind.ALERT,
                        "{\"text\":\"seen on the ward round\"}"),
                new Endpoint("GET", o -> "/api/v1/patients/" + patient.apply(o) + "/thresholds", Kind.ALERT_SETTINGS,
                        null));
    }

    @Test
    @Order(1)
    void everyEndpointAnswersEachRoleForItsOwnAndAnotherPatientAsTheTableSays() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, Api> caller : callers.entrySet()) {
                for (boolean ownPatient : List.of(true, false)) {
                    String path = endpoint.path().apply(ownPatient);
                    Api api = caller.getValue();
                    Api.Response response = switch (endpoint.method()) {
                        case "GET" -> api.send(HttpRequest.newBuilder(platform.gateway().resolve(path)).GET()
                                .header("Accept", "application/json, application/fhir+json"));
                        default -> api.post(path, endpoint.body());
                    };
                    boolean expected = allowed(caller.getKey(), endpoint.kind(), endpoint.write(), ownPatient);
                    int status = response.status();
                    boolean ok = expected ? status / 100 == 2
                            : caller.getKey().equals("nobody") ? status == 401 : status == 403 || status == 404;
                    if (!ok) {
                        wrong.add("%s %s as %s (%s patient): %d, expected %s".formatted(endpoint.method(), path,
                                caller.getKey(), ownPatient ? "own" : "other", status, expected ? "2xx" : "refusal"));
                    }
                    if (!expected && response.body().contains(OTHER_FAMILY)) {
                        wrong.add("LEAK: " + path + " as " + caller.getKey() + " answered another patient's name");
                    }
                }
            }
        }
        assertThat(wrong).as("the access matrix").isEmpty();
    }

    @Test
    @Order(2)
    void listsAndSearchesNeverNameAPatientOutsideTheCallersReach() {
        for (String caller : List.of("ada", "pat", "ben")) {
            Api api = callers.get(caller);
            Api.Response alerts = api.get("/api/v1/alerts");
            assertThat(alerts.status()).as(caller).isIn(200, 403);
            assertThat(alerts.body()).as(caller + " alerts").doesNotContain(other);
            Api.Response patients = api.get("/api/v1/patients");
            assertThat(patients.body()).as(caller + " patients").doesNotContain(other, OTHER_FAMILY);
        }
        assertThat(callers.get("ada").get("/api/v1/alerts").body()).contains(own);
        assertThat(callers.get("ada").get("/api/v1/patients").body()).contains(own);
        assertThat(callers.get("ben").get("/api/v1/patients").body()).doesNotContain(own);

        Api.Response everyone = callers.get("ada").get("/fhir/Observation?code=http://loinc.org%7C8867-4");
        assertThat(everyone.status()).as("a clinician's search across all patients").isBetween(400, 403);
        assertThat(everyone.body()).doesNotContain(other);
    }

    @Test
    @Order(3)
    void aDeviceMayPostOnlyForItself() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        Api.Response forOther = admin.post("/api/v1/readings", "{\"deviceId\":\"" + otherDevice.id()
                + "\",\"readings\":[" + Api.reading("spoof-1", "heart-rate", 80, "/min", t) + "]}", ownDevice.token());
        assertThat(forOther.status()).isEqualTo(403);

        Api.Response adminTokenAsDevice = admin.post("/api/v1/readings",
                "{\"readings\":[" + Api.reading("spoof-2", "heart-rate", 80, "/min", t) + "]}", Tokens.admin());
        assertThat(adminTokenAsDevice.status()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void aRotatedDeviceTokenKeepsWorkingForItsGraceAndARevokedOneStopsAtOnce() {
        Api.Device device = admin.registerDevice("Acme Medical");
        admin.assign(device.id(), own, Instant.now().minus(Duration.ofHours(1)));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        assertThat(admin.postReadings(device.token(), "[" + Api.reading("r-1", "spo2", 97, "%", t) + "]").status())
                .isEqualTo(202);

        Api.Response rotated = admin.post("/api/v1/devices/" + device.id() + "/tokens", null);
        assertThat(rotated.status()).isEqualTo(201);
        String fresh = rotated.json().get("token").asString();
        secrets.add(fresh);
        assertThat(fresh).isNotEqualTo(device.token());
        assertThat(admin.postReadings(device.token(), "[" + Api.reading("r-2", "spo2", 97, "%", t) + "]").status())
                .as("the old token, within its grace period").isEqualTo(202);
        assertThat(admin.postReadings(fresh, "[" + Api.reading("r-3", "spo2", 97, "%", t) + "]").status())
                .isEqualTo(202);

        assertThat(admin.delete("/api/v1/devices/" + device.id() + "/tokens").status()).isEqualTo(204);
        assertThat(admin.postReadings(fresh, "[" + Api.reading("r-4", "spo2", 97, "%", t) + "]").status())
                .as("revoked: refused on the very next request").isEqualTo(401);
        assertThat(admin.postReadings(device.token(), "[" + Api.reading("r-5", "spo2", 97, "%", t) + "]").status())
                .isEqualTo(401);
    }

    @Test
    @Order(5)
    void breakGlassOpensAnotherPatientWithAReasonAndIsFlaggedForReview() {
        Api ben = callers.get("ben");
        assertThat(ben.get("/api/v1/patients/" + other + "/vitals/latest").status()).isEqualTo(403);
        assertThat(ben.post("/api/v1/patients/" + other + "/break-glass", "{\"reason\":\"\"}").status())
                .isEqualTo(400);

        Api.Response glass = ben.post("/api/v1/patients/" + other + "/break-glass",
                "{\"reason\":\"Covering the night shift; patient reported chest pain\"}");
        assertThat(glass.status()).as(glass.body()).isEqualTo(201);
        Api.Response vitals = await().atMost(Duration.ofSeconds(15)).until(
                () -> ben.get("/api/v1/patients/" + other + "/vitals/latest"), r -> r.status() == 200);
        assertThat(vitals.body()).contains(other);

        JsonNode review = await().atMost(PIPELINE).until(
                () -> admin.get("/api/v1/audit/break-glass?reviewed=false").json(),
                r -> r.toString().contains("chest pain") && r.toString().contains(other));
        assertThat(review.toString()).contains("ben");
        JsonNode flagged = await().atMost(PIPELINE).until(
                () -> admin.get("/api/v1/audit/events?patientId=" + other + "&agent=ben").json().get("events"),
                events -> events.valueStream().anyMatch(e -> e.get("breakGlass").asBoolean()
                        && e.get("action").asString().equals("read")));
        assertThat(flagged).isNotEmpty();
        assertThat(callers.get("ada").get("/api/v1/patients/" + other + "/vitals/latest").status())
                .as("ben's grant is ben's alone").isEqualTo(403);
    }

    @Test
    @Order(6)
    void everyAccessAndDenialIsInTheHashChainedAuditTrailAndSearchableAsFhirAuditEvent() {
        JsonNode denials = await().atMost(PIPELINE).until(
                () -> admin.get("/api/v1/audit/events?patientId=" + other + "&agent=ada&outcome=denied").json()
                        .get("events"), events -> !events.isEmpty());
        JsonNode denial = denials.get(0);
        assertThat(denial.get("outcome").asString()).isEqualTo("denied");
        assertThat(denial.get("agentType").asString()).isEqualTo("user");
        assertThat(denial.get("sourceAddress").asString()).isNotBlank();
        assertThat(denial.get("request").asString()).contains(other);

        JsonNode verified = admin.get("/api/v1/audit/verify").json();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("records").asLong()).isGreaterThan(10);

        IGenericClient fhir = FhirClients.admin();
        Bundle events = fhir.search().forResource(AuditEvent.class)
                .where(AuditEvent.PATIENT.hasId("Patient/" + own)).returnBundle(Bundle.class).execute();
        assertThat(events.getEntry()).isNotEmpty();
        AuditEvent event = (AuditEvent) events.getEntryFirstRep().getResource();
        assertThat(event.getEntity()).anySatisfy(entity ->
                assertThat(entity.getWhat().getReference()).endsWith("Patient/" + own));

        assertThat(callers.get("ada").get("/api/v1/audit/verify").status()).isEqualTo(403);
        assertThat(callers.get("ada").get("/fhir/AuditEvent?patient=Patient/" + own).status()).isEqualTo(403);
    }

    /**
     * Issue 13, second pass: the one refusal alert-service decided outside PatientAccess, an alert subscription for an
     * owner who may read no alerts (an admin who is not a clinician), left no record. It is a denied one now.
     */
    @Test
    @Order(6)
    void anAdminRefusedAnAlertSubscriptionIsInTheAuditTrail() {
        Instant before = Instant.now().minusSeconds(1);
        Api.Response refused = callers.get("admin").post("/api/v1/alert-subscriptions", "{\"name\": \"e2e-admin-"
                + UUID.randomUUID() + "\", \"url\": \"https://hooks.example.com/vigil\","
                + " \"secret\": \"0123456789abcdef0123\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("may read no patient's alerts");

        JsonNode denials = await().atMost(PIPELINE).until(
                () -> admin.get("/api/v1/audit/events?agent=admin&outcome=denied&action=create&from=" + before).json()
                        .get("events"),
                events -> events.valueStream().anyMatch(e -> e.get("resource").asString().equals("AlertSettings")));
        assertThat(denials.valueStream().filter(e -> e.get("resource").asString().equals("AlertSettings")))
                .allMatch(e -> e.get("request").asString().contains("/api/v1/alert-subscriptions"));
    }

    @Test
    @Order(7)
    void anIntegratorsScopesAreEnforcedByTheFhirApi() {
        IGenericClient integrator = FhirClients.client(Tokens::integrator);
        Bundle observations = integrator.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + other)).returnBundle(Bundle.class).execute();
        assertThat(observations.getEntry()).isNotEmpty();

        String readOnly = Tokens.clientCredentials(Tokens.INTEGRATOR_CLIENT, Tokens.INTEGRATOR_SECRET,
                "system/Observation.rs");
        secrets.add(readOnly);
        assertThat(admin.as(readOnly).get("/fhir/Patient/" + own).status()).as("no Patient scope").isEqualTo(403);
        assertThat(admin.as(readOnly).get("/fhir/Observation?subject=Patient/" + own).status()).isEqualTo(200);
        HttpResponse<String> tooMuch = Tokens.raw(Tokens.INTEGRATOR_CLIENT, Tokens.INTEGRATOR_SECRET,
                "grant_type=client_credentials&scope=system/Patient.c");
        assertThat(tooMuch.statusCode()).as("a scope the client was never given").isEqualTo(400);
        assertThat(Tokens.raw(Tokens.ADMIN_CLIENT, "wrong-secret", "grant_type=client_credentials").statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(8)
    void theBrowserSignsInWithPkceAndHoldsOnlyASessionCookie() {
        BrowserSession ada = BrowserSession.signIn("ada", "ada-demo-password");
        assertThat(ada.session()).contains("\"ada\"", "clinician");
        URI authorize = ada.hops().stream().filter(u -> u.getPath().equals("/oauth2/authorize")).findFirst()
                .orElseThrow();
        assertThat(authorize.getQuery()).contains("code_challenge=", "code_challenge_method=S256");
        assertThat(ada.hops()).allSatisfy(u -> assertThat(u.getScheme()).isEqualTo("https"));
        assertThat(ada.cookies()).extracting(java.net.HttpCookie::getName).contains("VIGIL_SESSION");
        assertThat(ada.cookies()).allSatisfy(c -> assertThat(c.getValue()).doesNotStartWith("eyJ"));
        assertThat(ada.cookies()).filteredOn(c -> c.getName().equals("VIGIL_SESSION"))
                .allSatisfy(c -> assertThat(c.isHttpOnly() && c.getSecure()).isTrue());

        Api.Response withoutCsrf = ada.api().withoutCsrf().post("/api/v1/alerts/" + ownAlert + "/comments",
                "{\"text\":\"no csrf\"}");
        assertThat(withoutCsrf.status()).as("an unsafe call with the cookie but no CSRF token").isEqualTo(403);
    }

    @Test
    @Order(9)
    void httpOnlyRedirectsToHttpsAndHttpsCarriesHsts() throws Exception {
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> redirect = plain.send(HttpRequest.newBuilder(platform.gatewayHttp()
                .resolve("/api/v1/alerts")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(redirect.statusCode()).isIn(301, 308);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).startsWith("https://");

        Api.Response secure = admin.get("/api/v1/alerts?patientId=" + own);
        assertThat(secure.raw().headers().firstValue("Strict-Transport-Security").orElse(""))
                .contains("max-age=31536000");
    }

    /** Issue 13: Actuator is on each service's management port, no longer on the gateway's public HTTPS port. */
    @Test
    @Order(9)
    void metricsAndHealthAreNotOnThePublicPort() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : List.of("/actuator/prometheus", "/actuator/health")) {
            HttpResponse<String> outside = client.send(HttpRequest.newBuilder(platform.gateway().resolve(path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(outside.statusCode()).as("%s through the gateway", path).isEqualTo(404);
        }
        HttpResponse<String> inside = client.send(HttpRequest.newBuilder(platform.management("gateway-service")
                .resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inside.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void everyServiceJarCarriesItsSbom() throws IOException {
        for (String service : List.of("auth-service", "audit-service", "vitals-service", "alert-service",
                "ingest-service", "fhir-service", "gateway-service")) {
            try (ZipFile jar = new ZipFile(platform.jar(service).toFile())) {
                var entry = jar.getEntry("META-INF/sbom/application.cdx.json");
                assertThat(entry).as(service).isNotNull();
                String sbom = new String(jar.getInputStream(entry).readAllBytes());
                assertThat(sbom).as(service).contains("\"bomFormat\" : \"CycloneDX\"", "spring-boot");
            }
        }
    }

    @Test
    @Order(99)
    void noLogHoldsANameAValueOrAToken() throws IOException {
        try (var files = Files.list(platform.logsDirectory())) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(log);
                assertThat(text).as(log.getFileName().toString())
                        .doesNotContain(OWN_FAMILY, OTHER_FAMILY, String.valueOf(OWN_HEART_RATE), "chest pain");
                for (String secret : secrets) {
                    assertThat(text).as(log.getFileName() + " holds a token").doesNotContain(secret);
                }
            }
        }
    }

    private static String firstAlertOf(String patient) {
        JsonNode alerts = await().atMost(PIPELINE).until(
                () -> admin.get("/api/v1/alerts?patientId=" + patient).json(), a -> a.size() >= 1);
        return alerts.get(0).get("id").asString();
    }

    private static String firstObservationOf(String patient) {
        Bundle bundle = await().atMost(PIPELINE).until(() -> FhirClients.admin().search()
                .forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + patient))
                .returnBundle(Bundle.class).execute(), b -> !b.getEntry().isEmpty());
        return bundle.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }
}
