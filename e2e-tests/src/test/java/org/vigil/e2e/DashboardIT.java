package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The clinician dashboard in real Chromium, through the gateway and the real sign-in pages, on the whole platform:
 * what a clinician, a clinician of another team and a patient see, that it is live, that it acts, that it draws
 * 10,000 points, and that axe-core finds no serious or critical accessibility violation. Each test leaves a screenshot
 * in target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final Duration PIPELINE = Duration.ofSeconds(60);
    private static final String WARD_ROW = "#rows tr[data-patient-id='%s']";

    private Api admin;
    private Browsers browsers;
    private String teamId;
    private String acute;     // NEWS2 high
    private String steady;    // NEWS2 low
    private String quiet;     // no data at all
    private Api.Device steadyDevice;

    @BeforeAll
    void seedAWard() {
        admin = new Api(Platform.get().gateway());
        JsonNode team = admin.post("/api/v1/care-teams", "{\"name\":\"Dashboard ward " + UUID.randomUUID() + "\"}").json();
        teamId = team.get("id").asString();
        assertThat(admin.put("/api/v1/care-teams/" + teamId + "/members/ada", null).status()).isEqualTo(200);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        acute = admin.createPatient("Acute" + tag, "Ann");
        steady = admin.createPatient("Steady" + tag, "Sam");
        quiet = admin.createPatient("Quiet" + tag, "Quinn");
        for (String patient : List.of(acute, steady, quiet)) {
            assertThat(admin.put("/api/v1/care-teams/" + teamId + "/patients/" + patient, null).status()).isEqualTo(200);
        }
        Api.Device acuteDevice = admin.registerDevice("Acme Medical");
        admin.assign(acuteDevice.id(), acute, Instant.now().minus(Duration.ofHours(2)));
        steadyDevice = admin.registerDevice("Acme Medical");
        admin.assign(steadyDevice.id(), steady, Instant.now().minus(Duration.ofHours(2)));

        Instant t = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        // RCP NEWS2 (2017): RR 26 (3), SpO2 90 % (3), on air (0), systolic 95 (2), pulse 125 (2), alert (0),
        // 38.5 °C (1): 11, high. And a healthy full set: 0, low.
        post(acuteDevice, vitalSet("a", t, 26, 90, 95, 125, 38.5));
        post(steadyDevice, vitalSet("s", t, 16, 97, 122, 72, 36.8));
        for (String patient : List.of(acute, steady)) {
            await().atMost(PIPELINE).pollInterval(Duration.ofMillis(500)).until(
                    () -> admin.get("/api/v1/ward?patientId=" + patient),
                    r -> r.status() == 200 && r.json().get("patients").get(0).get("news2") != null
                            && !r.json().get("patients").get(0).get("news2").isNull()
                            && r.json().get("patients").get(0).get("news2").get("complete").asBoolean());
        }
        browsers = new Browsers();
    }

    @AfterAll
    void closeBrowser() {
        if (browsers != null) {
            browsers.close();
        }
    }

    @Test
    @Order(1)
    void aClinicianSeesTheirWardMostUrgentFirst() {
        Page page = browsers.signedIn("ada");
        page.locator(WARD_ROW.formatted(quiet)).waitFor();
        List<String> ids = rowIds(page);
        assertThat(ids).contains(acute, steady, quiet);
        assertThat(ids.indexOf(acute)).isLessThan(ids.indexOf(steady));
        assertThat(ids.indexOf(steady)).isLessThan(ids.indexOf(quiet));

        Locator acuteRow = page.locator(WARD_ROW.formatted(acute));
        assertThat(acuteRow.innerText()).contains("High risk").contains("11");
        // Every value with its unit, its age and its interpretation in words, not colour alone.
        assertThat(acuteRow.locator("td[data-type=heart-rate]").innerText()).contains("125").contains("/min")
                .contains("ago").containsAnyOf("High", "Critical high", "Normal");
        assertThat(acuteRow.locator("td[data-type=spo2]").innerText()).contains("90").contains("%");
        assertThat(page.locator(WARD_ROW.formatted(steady)).innerText()).contains("Low risk");
        assertThat(page.locator(WARD_ROW.formatted(quiet)).innerText()).contains("No data yet");

        // Search narrows the ward to the patient named.
        page.locator("#search").fill("Steady");
        assertThat(page.locator(WARD_ROW.formatted(acute)).isHidden()).isTrue();
        assertThat(page.locator(WARD_ROW.formatted(steady)).isVisible()).isTrue();
        page.locator("#search").fill("");
        Browsers.screenshot(page, "ward");

        // Signing out ends the gateway's session and the issuer's: the dashboard then asks to sign in again.
        page.locator("form.sign-out button").click();
        page.waitForURL(url -> url.contains("/login"));
        page.navigate(Platform.get().gateway().resolve("/app/").toString());
        page.locator("input[name=username]").waitFor();
        page.context().close();
    }

    @Test
    @Order(2)
    void aNewReadingShowsInTheWardWithinTwoSecondsWithoutReload() {
        Page page = browsers.signedIn("ada");
        Locator heartRate = page.locator(WARD_ROW.formatted(steady) + " td[data-type=heart-rate] .value");
        heartRate.waitFor();
        page.locator("#live.on").waitFor();
        assertThat(heartRate.innerText()).isEqualTo("72");

        Instant posted = Instant.now();
        post(steadyDevice, "[" + Api.reading("s-hr2", "heart-rate", 88, "/min", Instant.now().minusSeconds(1)) + "]");
        page.waitForFunction("() => document.querySelector(\"" + WARD_ROW.formatted(steady).replace("'", "\\'")
                + " td[data-type=heart-rate] .value\")?.textContent === '88'", null,
                new Page.WaitForFunctionOptions().setTimeout(10_000).setPollingInterval(50));
        Duration shownAfter = Duration.between(posted, Instant.now());
        Browsers.screenshot(page, "ward-live-reading");
        assertThat(shownAfter).as("from the device's 202 to the value on screen").isLessThanOrEqualTo(Duration.ofSeconds(2));
        page.context().close();
    }

    @Test
    @Order(3)
    void anOutOfRangeReadingRaisesAnAlertThatAppearsInTheInboxLiveAndIsAcknowledgedThere() {
        Page page = browsers.signedIn("ada");
        page.navigate(Platform.get().gateway().resolve("/app/alerts.html").toString());
        page.locator("#live.on").waitFor();
        Instant t = Instant.now().minusSeconds(1);
        post(steadyDevice, "[" + Api.reading("s-spo2-low", "spo2", 85, "%", t) + "]");

        Locator alert = page.locator("article.alert[data-status=open][data-rule=spo2-low][data-patient-id='"
                + steady + "']");
        alert.first().waitFor(new Locator.WaitForOptions().setTimeout(PIPELINE.toMillis()));
        assertThat(alert.first().innerText()).contains("High").contains("Unacknowledged").contains("SpO2 85")
                .containsIgnoringCase("steady");
        String alertId = alert.first().getAttribute("data-alert-id");
        Browsers.screenshot(page, "inbox-new-alert");

        alert.first().locator("button.ack").click();
        page.locator("dialog.confirm button.primary").click();
        // Unacknowledged only, by default: once acknowledged it leaves the list.
        page.locator("article.alert[data-alert-id='" + alertId + "']").waitFor(
                new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
        JsonNode stored = admin.get("/api/v1/alerts/" + alertId).json();
        assertThat(stored.get("status").asString()).isEqualTo("acknowledged");
        assertThat(stored.get("acknowledgedBy").asString()).isEqualTo("ada");
        page.locator("#status").selectOption("acknowledged");
        page.locator("article.alert[data-alert-id='" + alertId + "']").waitFor();
        Browsers.screenshot(page, "inbox-acknowledged");
        page.context().close();
    }

    @Test
    @Order(4)
    void aClinicianOfAnotherTeamSeesNoneOfThemAndAPatientOnlyTheirOwnRecord() {
        Page ben = browsers.signedIn("ben");
        ben.locator("#count").waitFor();
        ben.waitForFunction("() => document.querySelector('#count').textContent.startsWith('Showing')");
        assertThat(rowIds(ben)).doesNotContain(acute, steady, quiet);
        // Break-glass from the ward: the patient's id, then a reason, then a confirmation; a banner says until when.
        ben.locator("#break-glass summary").click();
        ben.locator("#break-glass-id").fill(acute);
        ben.locator("#break-glass-form button").click();
        ben.locator("#bg-reason").waitFor();
        assertThat(ben.locator("main").innerText()).contains("No access to this patient").doesNotContainIgnoringCase("Acute");
        Browsers.screenshot(ben, "other-team-no-access");
        ben.locator("#bg-reason").fill("Called to a cardiac arrest on the ward");
        ben.locator("main form button.danger").click();
        ben.locator("dialog.confirm button.primary").click();
        // The services may answer from relationships cached before the grant for a few seconds: the page waits.
        ben.locator("#latest").waitFor(new Locator.WaitForOptions().setTimeout(40_000));
        assertThat(ben.locator("#name").innerText()).containsIgnoringCase("Acute");
        // Other tests may have given ben grants of his own: the banner for this patient says until when.
        assertThat(ben.locator("#banners .break-glass").filter(new Locator.FilterOptions().setHasText(acute)).innerText())
                .contains("Break-glass access active").contains("until");
        Browsers.screenshot(ben, "break-glass-banner");
        ben.context().close();

        // A login is one patient's: 409 when another test (or the simulator) already made "pat" someone else's.
        int linked = admin.put("/api/v1/patients/" + steady + "/user", "{\"subject\":\"pat\"}").status();
        assertThat(linked).isIn(200, 409);
        Page pat = browsers.signedIn("pat");
        pat.waitForURL(url -> url.contains("/app/patient.html?id="));
        String own = pat.url().substring(pat.url().indexOf("id=") + 3);
        if (linked == 200) {
            assertThat(own).isEqualTo(steady);
        }
        pat.locator("#latest").waitFor();
        assertThat(pat.locator("#alerts").count()).isZero();
        assertThat(pat.locator("#settings").count()).isZero();
        assertThat(pat.locator("header.top nav a").count()).isZero();
        Browsers.screenshot(pat, "patient-own-record");
        pat.navigate(Platform.get().gateway().resolve("/app/patient.html?id=" + acute).toString());
        pat.locator("#problems .error").waitFor();
        assertThat(pat.locator("main").innerText()).doesNotContainIgnoringCase("Acute");
        pat.context().close();
    }

    @Test
    @Order(5)
    void noPageHasASeriousOrCriticalAccessibilityViolation() {
        Page page = browsers.signedIn("ada");
        page.locator(WARD_ROW.formatted(acute)).waitFor();
        List<String> violations = new ArrayList<>(axe(page, "ward"));
        page.navigate(Platform.get().gateway().resolve("/app/alerts.html").toString());
        page.locator("#count").waitFor();
        page.waitForFunction("() => document.querySelector('#count').textContent !== ''");
        violations.addAll(axe(page, "inbox"));
        page.navigate(Platform.get().gateway().resolve("/app/patient.html?id=" + acute).toString());
        page.locator("#settings").waitFor();
        page.locator("figure.chart[data-type=heart-rate] canvas").waitFor();
        violations.addAll(axe(page, "patient"));
        Browsers.screenshot(page, "patient-page");
        page.context().close();

        Page pat = browsers.signedIn("pat");
        pat.waitForURL(url -> url.contains("/app/patient.html?id="));
        pat.locator("#trends").waitFor();
        violations.addAll(axe(pat, "patient's own record"));
        pat.context().close();
        assertThat(violations).isEmpty();
    }

    @Test
    @Order(6)
    void aGlucosePatientsPageHasTheCgmReport() {
        String patient = admin.createPatient("Sugar" + UUID.randomUUID().toString().substring(0, 8), "Gwen");
        assertThat(admin.put("/api/v1/care-teams/" + teamId + "/patients/" + patient, null).status()).isEqualTo(200);
        Api.Device cgm = admin.registerDevice("Acme Medical");
        admin.assign(cgm.id(), patient, Instant.now().minus(Duration.ofDays(1)));
        // 24 readings 5 min apart: 12 in range (100), 6 high (200), 3 low (60), 3 very low (50) mg/dL, so
        // 50 %, 25 %, 12.5 % and 12.5 % of readings (Battelino et al. 2019 ranges).
        double[] values = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200, 200, 200, 200, 200, 200,
            60, 60, 60, 50, 50, 50};
        Instant newest = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        List<String> readings = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            readings.add(Api.reading("g" + i, "blood-glucose", values[i], "mg/dL", newest.minusSeconds(300L * i)));
        }
        post(cgm, "[" + String.join(",", readings) + "]");
        await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).until(
                () -> admin.get("/api/v1/patients/" + patient + "/glucose-report"),
                r -> r.status() == 200 && r.json().get("readings").asInt() == values.length);

        Page page = browsers.signedIn("ada");
        page.navigate(Platform.get().gateway().resolve("/app/patient.html?id=" + patient).toString());
        page.locator("#tir tr[data-range=in-range]").waitFor();
        assertThat(page.locator("#tir tr[data-range=in-range]").innerText()).contains("50.0 %").contains("> 70 %");
        assertThat(page.locator("#tir tr[data-range=high]").innerText()).contains("25.0 %");
        assertThat(page.locator("#tir tr[data-range=low]").innerText()).contains("12.5 %");
        assertThat(page.locator("#tir tr[data-range=very-low]").innerText()).contains("12.5 %");
        assertThat(page.locator("#tir tr[data-range=very-high]").innerText()).contains("0.0 %");
        assertThat(page.locator("#cgm-metrics").innerText()).contains("Mean glucose").contains("GMI");
        page.locator("figure.chart[data-type=agp] canvas").waitFor();
        Browsers.screenshot(page, "patient-glucose-report");
        page.context().close();
    }

    @Test
    @Order(7)
    void aPatientPageDrawsTenThousandPointsInAChart() {
        // 10,000 weights 8 s apart: the 24 h chart asks for 12,000 points (8 s buckets), so each is one point.
        // Body weight, because alert-service evaluates it cheaply: the other e2e tests are not kept waiting.
        String patient = admin.createPatient("Dense" + UUID.randomUUID().toString().substring(0, 8), "Dana");
        assertThat(admin.put("/api/v1/care-teams/" + teamId + "/patients/" + patient, null).status()).isEqualTo(200);
        Api.Device device = admin.registerDevice("Acme Medical");
        admin.assign(device.id(), patient, Instant.now().minus(Duration.ofDays(2)));
        long newest = Instant.now().minusSeconds(60).getEpochSecond() / 8 * 8;
        for (int batch = 0; batch < 10; batch++) {
            List<String> readings = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = batch * 1000 + i;
                readings.add(Api.reading("w" + n, "body-weight", 70 + (n % 50) / 10.0, "kg",
                        Instant.ofEpochSecond(newest - 8L * n)));
            }
            post(device, "[" + String.join(",", readings) + "]");
        }
        await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).until(
                () -> admin.get("/api/v1/patients/" + patient + "/vitals/series?type=body-weight&from="
                        + Instant.now().minus(Duration.ofHours(24)) + "&points=12000"),
                r -> r.status() == 200 && r.json().get("components").get(0).get("time").size() == 10_000);
        try {
            awaitEveryConsumerPast(patient, device);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        Page page = browsers.signedIn("ada");
        page.navigate(Platform.get().gateway().resolve("/app/patient.html?id=" + patient).toString());
        Locator chart = page.locator("figure.chart[data-type=body-weight]");
        chart.locator("canvas").waitFor();
        assertThat(chart.getAttribute("data-points")).isEqualTo("10000");
        assertThat(chart.innerText()).contains("10000 points");
        Browsers.screenshot(page, "patient-10000-points");
        page.context().close();
    }

    /**
     * 10,000 readings are a backlog for every consumer of the readings topic, and the e2e tests after this one must
     * not wait behind it. A heart rate sent after them, on the same partition (the patient's), is seen by alert-service
     * (the ward shows it) and by fhir-service's Subscription matcher (a rest-hook for it is notified) only once each
     * has worked through the backlog.
     */
    private void awaitEveryConsumerPast(String patient, Api.Device device) throws java.io.IOException {
        java.util.List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/drained", exchange -> {
            notified.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            org.hl7.fhir.r4.model.Subscription subscription = new org.hl7.fhir.r4.model.Subscription();
            subscription.setStatus(org.hl7.fhir.r4.model.Subscription.SubscriptionStatus.REQUESTED);
            subscription.setReason("e2e: the dense patient's backlog is consumed");
            subscription.setCriteria("Observation?patient=" + patient + "&code=http://loinc.org|8867-4");
            subscription.getChannel().setType(org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType.RESTHOOK)
                    .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/drained")
                    .setPayload("application/fhir+json");
            FhirClients.admin().create().resource(subscription).execute();
            post(device, "[" + Api.reading("marker", "heart-rate", 64, "/min", Instant.now().minusSeconds(1)) + "]");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> !notified.isEmpty());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(
                    () -> admin.get("/api/v1/ward?patientId=" + patient).body(), body -> body.contains("heart-rate"));
        } finally {
            receiver.stop(0);
        }
    }

    private List<String> axe(Page page, String name) {
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        List<String> found = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                found.add(name + ": " + rule.getId() + " (" + rule.getImpact() + ") " + rule.getHelp() + " at "
                        + rule.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).toList());
            }
        }
        return found;
    }

    private static List<String> rowIds(Page page) {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) page.evaluate(
                "() => [...document.querySelectorAll('#rows tr[data-patient-id]')].map(r => r.dataset.patientId)");
        return ids;
    }

    private void post(Api.Device device, String readingsJsonArray) {
        Api.Response response = admin.postReadings(device.token(), readingsJsonArray);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private static String vitalSet(String prefix, Instant t, double rr, double spo2, double systolic, double pulse,
            double temperature) {
        return "[" + String.join(",",
                Api.reading(prefix + "-rr", "respiratory-rate", rr, "/min", t),
                Api.reading(prefix + "-spo2", "spo2", spo2, "%", t.plusSeconds(1)),
                "{\"id\":\"" + prefix + "-o2\",\"type\":\"supplemental-oxygen\",\"value\":false,\"time\":\""
                        + t.plusSeconds(2) + "\"}",
                "{\"id\":\"" + prefix + "-bp\",\"type\":\"blood-pressure\",\"systolic\":" + systolic
                        + ",\"diastolic\":70,\"unit\":\"mm[Hg]\",\"time\":\"" + t.plusSeconds(3) + "\"}",
                Api.reading(prefix + "-hr", "heart-rate", pulse, "/min", t.plusSeconds(4)),
                "{\"id\":\"" + prefix + "-acvpu\",\"type\":\"consciousness\",\"value\":\"A\",\"time\":\""
                        + t.plusSeconds(5) + "\"}",
                Api.reading(prefix + "-temp", "body-temperature", temperature, "Cel", t.plusSeconds(6))) + "]";
    }
}
