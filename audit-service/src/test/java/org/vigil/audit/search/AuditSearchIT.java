package org.vigil.audit.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.audit.IntegrationTest;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

class AuditSearchIT extends IntegrationTest {

    @Test
    void searchByPatientFindsEveryRecordNamingThePatientWithEveryField() {
        String patient = unique("patient");
        AuditRecorded alone = access(unique("ada"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, patient);
        AuditRecorded withOthers = access(unique("ben"), AuditRecorded.SEARCH, AuditRecorded.SUCCESS, false,
                unique("other"), patient);
        AuditRecorded unrelated = access(unique("ada"), AuditRecorded.READ, AuditRecorded.SUCCESS, false,
                unique("other"));
        publishAndAwait(alone, withOthers, unrelated);

        Response found = get("/api/v1/audit/events?patientId=" + patient);

        assertThat(found.status()).isEqualTo(200);
        JsonNode events = found.json().get("events");
        assertThat(events).hasSize(2);
        assertThat(found.json().has("next")).isFalse();
        assertThat(List.of(events.get(0).get("eventId").asString(), events.get(1).get("eventId").asString()))
                .containsExactlyInAnyOrder(alone.eventId().toString(), withOthers.eventId().toString());
        assertThat(events.get(0).get("seq").asLong()).isLessThan(events.get(1).get("seq").asLong());
        JsonNode first = events.get(0).get("eventId").asString().equals(alone.eventId().toString())
                ? events.get(0) : events.get(1);
        assertThat(first.get("hash").asString()).hasSize(64);
        assertThat(first.get("recordedAt").asString()).isEqualTo(alone.recordedAt().truncatedTo(
                java.time.temporal.ChronoUnit.MICROS).toString());
        assertThat(first.get("service").asString()).isEqualTo("vitals-service");
        assertThat(first.get("action").asString()).isEqualTo("read");
        assertThat(first.get("resource").asString()).isEqualTo("Observation");
        assertThat(first.get("outcome").asString()).isEqualTo("success");
        assertThat(first.get("agent").asString()).isEqualTo(alone.agent());
        assertThat(first.get("agentType").asString()).isEqualTo("user");
        assertThat(first.get("clientId").asString()).isEqualTo("vigil-dashboard");
        assertThat(texts(first.get("roles"))).containsExactly("clinician");
        assertThat(texts(first.get("patientIds"))).containsExactly(patient);
        assertThat(first.get("request").asString()).isEqualTo(alone.request());
        assertThat(first.get("sourceAddress").asString()).isEqualTo("10.0.0.7");
        assertThat(first.get("correlationId").asString()).isEqualTo(alone.correlationId());
        assertThat(first.has("reason")).isFalse();
        assertThat(first.get("breakGlass").asBoolean()).isFalse();
        assertThat(first.has("storedAt")).isTrue();
    }

    @Test
    void searchByAgentActionAndOutcome() {
        String agent = unique("ada");
        AuditRecorded read = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));
        AuditRecorded denied = access(agent, AuditRecorded.READ, AuditRecorded.DENIED, false, unique("p"));
        AuditRecorded search = access(agent, AuditRecorded.SEARCH, AuditRecorded.SUCCESS, false);
        AuditRecorded someoneElse = access(unique("ben"), AuditRecorded.READ, AuditRecorded.DENIED, false);
        publishAndAwait(read, denied, search, someoneElse);

        assertThat(eventIds("/api/v1/audit/events?agent=" + agent)).containsExactly(
                read.eventId().toString(), denied.eventId().toString(), search.eventId().toString());
        assertThat(eventIds("/api/v1/audit/events?agent=" + agent + "&outcome=denied"))
                .containsExactly(denied.eventId().toString());
        assertThat(eventIds("/api/v1/audit/events?agent=" + agent + "&action=search"))
                .containsExactly(search.eventId().toString());
    }

    @Test
    void searchByBreakGlassAndTime() {
        String agent = unique("ben");
        AuditRecorded ordinary = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));
        AuditRecorded breakGlass = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, true, unique("p"));
        publishAndAwait(ordinary, breakGlass);

        assertThat(eventIds("/api/v1/audit/events?agent=" + agent + "&breakGlass=true"))
                .containsExactly(breakGlass.eventId().toString());
        assertThat(eventIds("/api/v1/audit/events?agent=" + agent + "&breakGlass=false"))
                .containsExactly(ordinary.eventId().toString());
        Instant later = Instant.now().plusSeconds(3600);
        assertThat(eventIds("/api/v1/audit/events?agent=" + agent + "&from=" + later)).isEmpty();
        assertThat(eventIds("/api/v1/audit/events?agent=" + agent + "&to=" + later)).hasSize(2);
    }

    @Test
    void pagesFollowSeqWithNextUntilTheLastPage() {
        String agent = unique("pager");
        List<AuditRecorded> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p")));
        }
        publishAndAwait(records.toArray(AuditRecorded[]::new));

        List<String> seen = new ArrayList<>();
        String next = "0";
        int pages = 0;
        while (next != null) {
            JsonNode page = get("/api/v1/audit/events?agent=" + agent + "&limit=2&afterSeq=" + next).json();
            page.get("events").forEach(event -> seen.add(event.get("eventId").asString()));
            next = page.has("next") ? page.get("next").asString() : null;
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(records.stream()
                .sorted((a, b) -> Long.compare(seqOf(a.eventId()), seqOf(b.eventId())))
                .map(r -> r.eventId().toString()).toList());
    }

    @Test
    void badParametersAreProblemsThatNameTheParameter() {
        assertProblem(get("/api/v1/audit/events?limit=1001"), "limit");
        assertProblem(get("/api/v1/audit/events?limit=0"), "limit");
        assertProblem(get("/api/v1/audit/events?afterSeq=x"), "afterSeq");
        assertProblem(get("/api/v1/audit/events?breakGlass=maybe"), "breakGlass");
        assertProblem(get("/api/v1/audit/events?from=yesterday"), "from");
        assertProblem(get("/api/v1/audit/events?from=2026-11-21T10:00:00Z&to=2026-11-20T10:00:00Z"), "from");
    }

    @Test
    void fhirServiceGetsTheSameSearchOnTheInternalApi() {
        String patient = unique("patient");
        AuditRecorded record = access(unique("ada"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, patient);
        publishAndAwait(record);

        Response internal = get("/internal/v1/audit-events?patientId=" + patient, TestIssuer.service());

        assertThat(internal.status()).isEqualTo(200);
        assertThat(internal.json().get("events")).hasSize(1);
        assertThat(internal.json().get("events").get(0).get("eventId").asString())
                .isEqualTo(record.eventId().toString());
        assertThat(get("/internal/v1/audit-events?patientId=" + patient, TestIssuer.admin()).status())
                .isEqualTo(403);
    }

    @Test
    void theInternalSearchWantsTheAuditReadScope() {
        String path = "/internal/v1/audit-events?patientId=" + unique("patient");

        assertThat(get(path, TestIssuer.service("alert-service",
                "internal:devices.read internal:patients.read internal:relationships.read")).status()).isEqualTo(403);
        assertThat(get(path, TestIssuer.service("fhir-service", "internal:audit.read")).status()).isEqualTo(200);
        assertThat(get("/internal/v1/not-an-endpoint", TestIssuer.service()).status()).isEqualTo(403);
    }

    private List<String> eventIds(String path) {
        Response response = get(path);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("events").forEach(event -> ids.add(event.get("eventId").asString()));
        return ids;
    }

    private static void assertProblem(Response response, String parameter) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(parameter);
    }
}
