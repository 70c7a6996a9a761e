package org.vigil.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.TestIssuer;

/**
 * Each internal endpoint wants the scope of what it serves (issue 13): a service token holding every other internal
 * scope is refused (403), one holding just that scope is answered; an /internal path no rule names is refused to every
 * token; and an internal read of a patient is an audit record under the calling service's name.
 */
class InternalScopesIT extends IntegrationTest {

    private static final AuditRecords AUDIT = new AuditRecords();

    @AfterAll
    static void close() {
        AUDIT.close();
    }

    /** A service token with every internal scope but {@code scope}. */
    private static String allBut(String scope) {
        return TestIssuer.service("other-service", Arrays.stream(TestIssuer.ALL_INTERNAL_SCOPES.split(" "))
                .filter(s -> !s.equals(scope)).collect(Collectors.joining(" ")));
    }

    private static String only(String scope) {
        return TestIssuer.service("fhir-service", scope);
    }

    @Test
    void eachReadWantsItsOwnScope() {
        String patient = createPatient();
        Map<String, String> reads = Map.of(
                "/internal/v1/patients/" + patient, "internal:patients.read",
                "/internal/v1/patients?id=" + patient, "internal:patients.read",
                "/internal/v1/readings?patientId=" + patient, "internal:readings.read",
                "/internal/v1/observation-documents?patientId=" + patient, "internal:readings.read",
                "/internal/v1/device-records?patientId=" + patient, "internal:devices.read",
                "/internal/v1/subjects/ada/patients", "internal:relationships.read");
        reads.forEach((path, scope) -> {
            assertThat(get(path, allBut(scope)).status()).as("GET %s without %s", path, scope).isEqualTo(403);
            assertThat(get(path, only(scope)).status()).as("GET %s with %s", path, scope).isEqualTo(200);
        });
    }

    @Test
    void theWardSummariesWantPatientsRead() {
        String patient = createPatient();
        String body = "{\"ids\": [\"" + patient + "\"]}";

        assertThat(post("/internal/v1/patient-summaries", body, allBut("internal:patients.read")).status())
                .isEqualTo(403);
        assertThat(post("/internal/v1/patient-summaries", body, TestIssuer.service("alert-service",
                "internal:devices.read internal:patients.read internal:relationships.read")).status()).isEqualTo(200);
    }

    @Test
    void writingRecordsWantsRecordsWriteAndClaimingWantsReadingClaimsWrite() {
        String patient = """
                {"resource": {"resourceType": "Patient"}, "identifiers": [], "family": "Scope"}""";
        assertThat(post("/internal/v1/patients", patient, allBut("internal:records.write")).status()).isEqualTo(403);
        assertThat(post("/internal/v1/patients", patient, only("internal:records.write")).status()).isEqualTo(201);

        String claims = "{\"readingIds\": [\"r-1\"], \"tokenHash\": \"00\"}";
        assertThat(post("/internal/v1/devices/no-such-device/reading-claims", claims,
                allBut("internal:reading-claims.write")).status()).isEqualTo(403);
        assertThat(post("/internal/v1/devices/no-such-device/reading-claims", claims,
                only("internal:reading-claims.write")).status()).isNotEqualTo(403);
    }

    @Test
    void anInternalPathNoRuleNamesIsRefusedToEveryToken() {
        assertThat(get("/internal/v1/not-an-endpoint", TestIssuer.service()).status()).isEqualTo(403);
        assertThat(get("/internal/v1/patients/x", TestIssuer.clinician("ada")).status()).isEqualTo(403);
    }

    @Test
    void anInternalReadOfAPatientIsAuditedUnderTheCallingService() {
        String patient = createPatient();

        assertThat(get("/internal/v1/patients/" + patient, only("internal:patients.read")).status()).isEqualTo(200);

        AuditRecorded record = AUDIT.await(r -> r.agent().equals("fhir-service") && r.patientIds().equals(
                List.of(patient)) && r.action().equals(AuditRecorded.READ)).orElseThrow();
        assertThat(record.service()).isEqualTo("vitals-service");
        assertThat(record.resource()).isEqualTo("Patient");
        assertThat(record.clientId()).isEqualTo("fhir-service");
        assertThat(record.roles()).containsExactly("service");
    }
}
