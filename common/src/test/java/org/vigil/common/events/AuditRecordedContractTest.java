package org.vigil.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class AuditRecordedContractTest {

    private final EventCodec<AuditRecorded> codec = Topics.AUDIT_RECORDED.codec();

    @Test
    void aGrantedReadNamesWhoWhichPatientWhatWhenAndFromWhere() {
        AuditRecorded event = ContractFixtures.audit("read-granted");

        assertThat(event).isEqualTo(new AuditRecorded(UUID.fromString("6f1c2b8e-3a59-4d7e-9a0b-2c4d5e6f7a81"),
                Instant.parse("2026-11-21T10:00:00.125Z"), "vitals-service", AuditRecorded.READ, "Observation",
                AuditRecorded.SUCCESS, "ada", "user", "vigil-dashboard", List.of("clinician"),
                List.of("3f0e8a52-6d1b-4c57-8b8e-0d6a1e2f3c4d"),
                "GET /api/v1/patients/3f0e8a52-6d1b-4c57-8b8e-0d6a1e2f3c4d/vitals/latest", "127.0.0.1",
                "c0ffee00-1234-4abc-8def-000000000001", null, false));
        assertThat(Topics.AUDIT_RECORDED.keyOf().apply(event)).isEqualTo("ada");
    }

    @Test
    void aBreakGlassAccessCarriesItsReasonAndTheReviewFlag() {
        AuditRecorded event = ContractFixtures.audit("break-glass");

        assertThat(event.action()).isEqualTo(AuditRecorded.BREAK_GLASS);
        assertThat(event.breakGlass()).isTrue();
        assertThat(event.reason()).isEqualTo("Covering the night shift; patient deteriorating");
    }

    @Test
    void anAnonymousDenialConcernsNoPatient() {
        AuditRecorded event = ContractFixtures.audit("denied-anonymous");

        assertThat(event.outcome()).isEqualTo(AuditRecorded.DENIED);
        assertThat(event.patientIds()).isEmpty();
        assertThat(event.roles()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"read-granted", "break-glass", "denied-anonymous"})
    void encodingAFixtureGivesBackTheSameJson(String name) {
        byte[] fixture = ContractFixtures.bytes("vigil.audit-recorded.v1/" + name + ".json");

        byte[] reencoded = codec.encode(codec.decode(fixture));

        assertThat(tree(reencoded)).isEqualTo(tree(fixture));
    }

    private static JsonNode tree(byte[] json) {
        return EventCodec.MAPPER.readTree(json);
    }
}
