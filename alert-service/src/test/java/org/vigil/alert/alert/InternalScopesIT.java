package org.vigil.alert.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.alert.IntegrationTest;
import org.vigil.testsupport.TestIssuer;

/**
 * alert-service's internal API wants the scope of what it serves (issue 13): alerts {@code internal:alerts.read},
 * NEWS2 scores {@code internal:news2.read}. A service holding other internal scopes (alert-service's own, or
 * ingest's) is refused; an /internal path no rule names is refused to every token.
 */
class InternalScopesIT extends IntegrationTest {

    private static final String INGEST = TestIssuer.service("ingest-service",
            "internal:devices.read internal:reading-claims.write internal:relationships.read");

    @Test
    void eachReadWantsItsOwnScope() {
        String patient = "p-" + UUID.randomUUID();
        Map<String, String> reads = Map.of(
                "/internal/v1/alerts?patientId=" + patient, "internal:alerts.read",
                "/internal/v1/patients/" + patient + "/news2/scores", "internal:news2.read");
        reads.forEach((path, scope) -> {
            assertThat(get(path, INGEST).status()).as("GET %s with ingest's scopes", path).isEqualTo(403);
            assertThat(get(path, TestIssuer.service("fhir-service", scope)).status()).as("GET %s with %s", path, scope)
                    .isEqualTo(200);
        });
        assertThat(get("/internal/v1/alerts?patientId=" + patient, TestIssuer.service("fhir-service",
                "internal:news2.read")).status()).isEqualTo(403);
    }

    @Test
    void anInternalPathNoRuleNamesIsRefused() {
        assertThat(get("/internal/v1/not-an-endpoint", TestIssuer.service()).status()).isEqualTo(403);
    }
}
