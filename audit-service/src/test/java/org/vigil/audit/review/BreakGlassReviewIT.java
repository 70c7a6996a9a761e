package org.vigil.audit.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.audit.IntegrationTest;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

class BreakGlassReviewIT extends IntegrationTest {

    @Test
    void aReviewedBreakGlassRecordLeavesTheQueueAndKeepsItsChainedRowUnchanged() {
        String agent = unique("ben");
        AuditRecorded breakGlass = access(agent, AuditRecorded.BREAK_GLASS, AuditRecorded.SUCCESS, true, unique("p"));
        AuditRecorded ordinary = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));
        publishAndAwait(breakGlass, ordinary);
        assertThat(eventIds("/api/v1/audit/break-glass?reviewed=false&agent=" + agent))
                .containsExactly(breakGlass.eventId().toString());
        String hashBefore = hashOf(breakGlass.eventId());

        Response reviewed = post("/api/v1/audit/events/" + breakGlass.eventId() + "/review",
                "{\"note\": \"Checked with the ward: justified\"}");

        assertThat(reviewed.status()).as(reviewed.raw().body()).isEqualTo(200);
        assertThat(reviewed.json().get("reviewer").asString()).isEqualTo("admin");
        assertThat(reviewed.json().get("note").asString()).isEqualTo("Checked with the ward: justified");
        assertThat(reviewed.json().get("reviewedAt").asString()).isNotBlank();
        assertThat(eventIds("/api/v1/audit/break-glass?reviewed=false&agent=" + agent)).isEmpty();
        JsonNode done = get("/api/v1/audit/break-glass?reviewed=true&agent=" + agent).json().get("events");
        assertThat(done).hasSize(1);
        assertThat(done.get(0).get("review").get("reviewer").asString()).isEqualTo("admin");
        assertThat(hashOf(breakGlass.eventId())).isEqualTo(hashBefore);
        assertThat(get("/api/v1/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void onlyExistingUnreviewedBreakGlassRecordsCanBeReviewedWithANote() {
        String agent = unique("ben");
        AuditRecorded breakGlass = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, true, unique("p"));
        AuditRecorded ordinary = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));
        publishAndAwait(breakGlass, ordinary);
        String note = "{\"note\": \"fine\"}";

        assertThat(post("/api/v1/audit/events/" + UUID.randomUUID() + "/review", note).status()).isEqualTo(404);
        assertThat(post("/api/v1/audit/events/not-a-uuid/review", note).status()).isEqualTo(400);
        assertThat(post("/api/v1/audit/events/" + ordinary.eventId() + "/review", note).status()).isEqualTo(409);
        Response blank = post("/api/v1/audit/events/" + breakGlass.eventId() + "/review", "{\"note\": \" \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("detail").asString()).contains("note");
        assertThat(post("/api/v1/audit/events/" + breakGlass.eventId() + "/review", note).status()).isEqualTo(200);
        Response again = post("/api/v1/audit/events/" + breakGlass.eventId() + "/review", note);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void nobodyReviewsTheirOwnBreakGlassWhateverRolesTheyHold() {
        String agent = unique("ben");
        AuditRecorded own = access(agent, AuditRecorded.BREAK_GLASS, AuditRecorded.SUCCESS, true, unique("p"));
        publishAndAwait(own);
        String adminAndClinician = TestIssuer.user(agent, List.of("admin", "clinician"), "openid profile");

        Response selfReview = post("/api/v1/audit/events/" + own.eventId() + "/review",
                "{\"note\": \"I was right to\"}", adminAndClinician);

        assertThat(selfReview.status()).as(selfReview.raw().body()).isEqualTo(403);
        assertThat(selfReview.header("Content-Type")).startsWith("application/problem+json");
        assertThat(selfReview.json().get("detail").asString()).contains("your own break-glass");
        assertThat(eventIds("/api/v1/audit/break-glass?reviewed=false&agent=" + agent))
                .containsExactly(own.eventId().toString());
        Response byAnother = post("/api/v1/audit/events/" + own.eventId() + "/review",
                "{\"note\": \"Checked with the ward\"}");
        assertThat(byAnother.status()).as(byAnother.raw().body()).isEqualTo(200);
    }

    private String hashOf(UUID eventId) {
        return jdbc.queryForObject("SELECT encode(hash, 'hex') FROM audit_event WHERE event_id = ?", String.class,
                eventId);
    }

    private List<String> eventIds(String path) {
        Response response = get(path);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("events").forEach(event -> ids.add(event.get("eventId").asString()));
        return ids;
    }
}
