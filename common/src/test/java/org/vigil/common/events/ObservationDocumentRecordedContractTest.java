package org.vigil.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObservationDocumentRecordedContractTest {

    private final EventCodec<ObservationDocumentRecorded> codec = Topics.OBSERVATION_DOCUMENT_RECORDED.codec();
    private final byte[] fixture = ContractFixtures.bytes("vigil.observation-document-recorded.v1/vitals-panel.json");

    @Test
    void aStoredVitalsPanelNamesItsPatientCodeTimeAndDocumentAndIsKeyedByPatient() {
        ObservationDocumentRecorded event = codec.decode(fixture);

        assertThat(event.documentId()).isEqualTo(UUID.fromString("0d9f6a3c-5b2e-4c1a-9e8f-7a6b5c4d3e21"));
        assertThat(event.code()).isEqualTo("85353-1");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-21T09:30:00Z"));
        assertThat(event.status()).isEqualTo("final");
        assertThat(event.resource()).contains("\"hasMember\"");
        assertThat(Topics.OBSERVATION_DOCUMENT_RECORDED.keyOf().apply(event))
                .isEqualTo("3f0e8a52-6d1b-4c57-8b8e-0d6a1e2f3c4d");
    }

    @Test
    void encodingTheFixtureGivesBackTheSameJson() {
        byte[] reencoded = codec.encode(codec.decode(fixture));

        assertThat(EventCodec.MAPPER.readTree(reencoded)).isEqualTo(EventCodec.MAPPER.readTree(fixture));
    }

    @Test
    void anEventWithoutItsDocumentIsUnreadable() {
        byte[] missing = new String(fixture, java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"resource\": \"[^\\n]*\",\\n", "").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(missing)).isInstanceOf(EventDecodingException.class);
    }
}
