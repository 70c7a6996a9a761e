package org.vigil.vitals.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

class PatientWritesIT extends IntegrationTest {

    private static final String SYSTEM = "urn:oid:1.2.36.146.595.217.0.1";

    @Test
    void eightConcurrentConditionalCreatesOfOneIdentifierMakeOnePatient() throws Exception {
        String identifier = SYSTEM + "|" + UUID.randomUUID();
        String path = "/internal/v1/patients?ifNoneExist=" + encode("identifier=" + identifier);
        String body = JSON.writeValueAsString(patient("Concurrent", identifier));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return post(path, body);
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }

        List<Integer> statuses = calls.stream().map(call -> call.join().status()).toList();
        assertThat(statuses).containsOnly(200, 201).filteredOn(status -> status == 201).hasSize(1);
        assertThat(calls.stream().map(call -> call.join().json().get("id").asString()).distinct()).hasSize(1);
        assertThat(calls.stream().filter(call -> call.join().json().get("created").asBoolean())).hasSize(1);
        JsonNode found = get("/internal/v1/patients?identifier=" + encode(identifier)).json();
        assertThat(found.get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aConditionalCreateAnswersTheOneMatchAndRefusesSeveral() {
        String value = UUID.randomUUID().toString();
        Response first = post("/internal/v1/patients", patient("First", SYSTEM + "|" + value));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("created").asBoolean()).isTrue();

        Response again = post("/internal/v1/patients?ifNoneExist=" + encode("identifier=" + SYSTEM + "|" + value),
                patient("Again", SYSTEM + "|" + value));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(again.json().get("created").asBoolean()).isFalse();
        assertThat(again.json().get("versionId").asString()).isEqualTo("1");

        post("/internal/v1/patients", patient("Second", "urn:other|" + value));
        Response ambiguous = post("/internal/v1/patients?ifNoneExist=" + encode("identifier=" + value),
                patient("Third", "urn:third|" + value));
        assertThat(ambiguous.status()).isEqualTo(412);
        assertThat(ambiguous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ambiguous.json().get("detail").asString()).contains("more than one");

        Response bad = post("/internal/v1/patients?ifNoneExist=" + encode("name=Smith"), patient("X", null));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("ifNoneExist");
    }

    @Test
    void anUpdateRaisesTheVersionAndHonoursIfMatch() {
        String identifier = SYSTEM + "|" + UUID.randomUUID();
        String id = post("/internal/v1/patients", patient("Before", identifier)).json().get("id").asString();

        Response updated = put("/internal/v1/patients/" + id + "?ifMatch=1", patient("After", identifier), null);
        assertThat(updated.status()).isEqualTo(401);
        updated = put("/internal/v1/patients/" + id + "?ifMatch=1", patient("After", identifier), service());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("versionId").asString()).isEqualTo("2");

        JsonNode read = get("/internal/v1/patients/" + id).json();
        assertThat(read.get("versionId").asString()).isEqualTo("2");
        assertThat(read.get("resource").get("meta").get("versionId").asString()).isEqualTo("2");
        assertThat(read.get("resource").get("id").asString()).isEqualTo(id);
        assertThat(read.get("resource").get("name").get(0).get("family").asString()).isEqualTo("After");
        assertThat(read.get("lastUpdated").asString()).isEqualTo(updated.json().get("lastUpdated").asString());

        Response stale = put("/internal/v1/patients/" + id + "?ifMatch=1", patient("Stale", identifier), service());
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("detail").asString()).contains("version 2");
        assertThat(put("/internal/v1/patients/" + id + "?ifMatch=W/%222%22", patient("Etag", identifier), service())
                .json().get("versionId").asString()).isEqualTo("3");
        assertThat(put("/internal/v1/patients/" + id + "?ifMatch=two", patient("X", identifier), service()).status())
                .isEqualTo(400);
        assertThat(put("/internal/v1/patients/" + UUID.randomUUID(), patient("Nobody", identifier), service())
                .status()).isEqualTo(404);
        assertThat(put("/internal/v1/patients/" + id, Map.of("family", "NoResource"), service()).status())
                .isEqualTo(400);
    }

    @Test
    void searchCombinesIdentifierNamesBirthDatesAndIds() {
        String tag = "Zq" + UUID.randomUUID().toString().substring(0, 6);
        String a = post("/internal/v1/patients", withNames(tag + "-Smith", "Anna Maria", "1950-03-01",
                SYSTEM + "|a-" + tag)).json().get("id").asString();
        String b = post("/internal/v1/patients", withNames(tag, "Bert", "1960-07-15", SYSTEM + "|b-" + tag)).json()
                .get("id").asString();

        assertThat(ids("family=" + tag.toLowerCase())).containsExactly(b, a);
        assertThat(ids("name=" + tag + "%20mar")).containsExactly(a);
        assertThat(ids("name=" + tag + "&family=smi")).containsExactly(a);
        assertThat(ids("family=" + tag + "&birthdateFrom=1955-01-01")).containsExactly(b);
        assertThat(ids("family=" + tag + "&birthdateTo=1950-03-01")).containsExactly(a);
        assertThat(ids("identifier=b-" + tag)).containsExactly(b);
        assertThat(ids("id=" + a + "," + b + "&family=" + tag + "&limit=1&offset=1")).containsExactly(a);
        assertThat(get("/internal/v1/patients?family=" + tag + "&limit=1").json().get("total").asLong()).isEqualTo(2);
        assertThat(ids("name=" + tag + "%25")).isEmpty();

        Response badDate = get("/internal/v1/patients?birthdateFrom=1950");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("detail").asString()).contains("birthdateFrom");
        assertThat(get("/internal/v1/patients?limit=1001").status()).isEqualTo(400);
    }

    private List<String> ids(String query) {
        Response response = get("/internal/v1/patients?" + query);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("patients").forEach(p -> ids.add(p.get("id").asString()));
        return ids;
    }

    private static String service() {
        return org.vigil.testsupport.TestIssuer.service();
    }

    private static Map<String, Object> patient(String family, @org.jspecify.annotations.Nullable String identifier) {
        return Map.of("resource", Map.of("resourceType", "Patient", "name", List.of(Map.of("family", family))),
                "identifiers", identifier == null ? List.of() : List.of(identifier), "family", family);
    }

    private static Map<String, Object> withNames(String family, String given, String birthDate, String identifier) {
        return Map.of("resource", Map.of("resourceType", "Patient", "name", List.of(Map.of("family", family))),
                "identifiers", List.of(identifier), "family", family, "given", List.of(given.split(" ")),
                "birthDate", birthDate);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
