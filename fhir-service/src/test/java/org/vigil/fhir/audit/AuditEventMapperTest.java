package org.vigil.fhir.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.fhir.OfflineValidator;

/** Audit records as AuditEvents: the BALP shape, and valid R4 (HAPI's instance validator, offline, no errors). */
class AuditEventMapperTest {

    static final FhirContext FHIR = FhirContext.forR4();
    static final String PATIENT = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11";


    static AuditEntry entry(String action, String outcome, String agentType, List<String> patients,
            boolean breakGlass) {
        return new AuditEntry(7, "ab12", "e0000000-0000-4000-8000-000000000007",
                Instant.parse("2026-11-21T10:00:00.123Z"), "vitals-service", action, "Observation", outcome, "ada",
                agentType, "vigil-dashboard", List.of("clinician"), patients,
                "GET /fhir/Observation?subject=Patient/" + PATIENT, "10.0.0.7",
                "c0000000-0000-4000-8000-000000000001", breakGlass ? "break-glass grant" : null, breakGlass);
    }

    static Stream<AuditEntry> entries() {
        return Stream.of(
                entry("search", "success", "user", List.of(PATIENT), false),
                entry("read", "success", "user", List.of(PATIENT), true),
                entry("create", "denied", "client", List.of(), false),
                entry("update", "success", "client", List.of(PATIENT, "p2"), false),
                entry("delete", "success", "user", List.of(PATIENT), false),
                entry("export", "success", "user", List.of(PATIENT), false),
                entry("break-glass", "success", "user", List.of(PATIENT), true),
                entry("login", "denied", "anonymous", List.of(), false),
                new AuditEntry(8, null, "e0000000-0000-4000-8000-000000000008", Instant.parse("2026-11-21T10:00:00Z"),
                        "ingest-service", "create", "Observation", "denied", "dev-1", "device", null, null, null,
                        null, null, null, null, false));
    }

    @ParameterizedTest
    @MethodSource("entries")
    void everyRecordMapsToAValidAuditEvent(AuditEntry entry) {
        AuditEvent event = AuditEventMapper.toAuditEvent(entry);

        List<SingleValidationMessage> errors = OfflineValidator.errors(event);
        assertThat(errors).as(FHIR.newJsonParser().encodeResourceToString(event)).isEmpty();
    }

    @Test
    void aSearchIsARestfulSearchTypeExecutedByTheRequestorAboutEachPatientWithItsQuery() {
        AuditEvent event = AuditEventMapper.toAuditEvent(entry("search", "success", "user", List.of(PATIENT), false));

        assertThat(event.getIdElement().getIdPart()).isEqualTo("e0000000-0000-4000-8000-000000000007");
        assertThat(event.getType().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/audit-event-type");
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getSubtypeFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/restful-interaction");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
        assertThat(event.getAction()).isEqualTo(AuditEventAction.E);
        assertThat(event.getRecorded().toInstant()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._0);
        AuditEvent.AuditEventAgentComponent agent = event.getAgentFirstRep();
        assertThat(agent.getRequestor()).isTrue();
        assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo("ada");
        assertThat(agent.getAltId()).isEqualTo("vigil-dashboard");
        assertThat(agent.getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("clinician");
        assertThat(agent.getNetwork().getAddress()).isEqualTo("10.0.0.7");
        assertThat(agent.getNetwork().getType()).isEqualTo(AuditEventAgentNetworkType._2);
        assertThat(agent.hasPurposeOfUse()).isFalse();
        assertThat(event.getSource().getObserver().getIdentifier().getValue()).isEqualTo("vitals-service");
        assertThat(event.getEntity()).anySatisfy(e -> {
            assertThat(e.getWhat().getReference()).isEqualTo("Patient/" + PATIENT);
            assertThat(e.getRole().getCode()).isEqualTo("1");
        });
        assertThat(event.getEntity()).anySatisfy(e -> {
            assertThat(e.getRole().getCode()).isEqualTo("24");
            assertThat(new String(e.getQuery(), StandardCharsets.UTF_8))
                    .isEqualTo("GET /fhir/Observation?subject=Patient/" + PATIENT);
        });
    }

    @Test
    void aDenialIsAMinorFailureWithItsReason() {
        AuditEvent event = AuditEventMapper.toAuditEvent(new AuditEntry(1, null, "e1", Instant.EPOCH, "fhir-service",
                "read", "Patient", "denied", "ben", "user", null, List.of("clinician"), List.of(PATIENT), null, null,
                null, "no-access", false));

        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).isEqualTo("no-access");
        assertThat(event.getAction()).isEqualTo(AuditEventAction.R);
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
    }

    @Test
    void breakGlassAccessCarriesThePurposeOfUseBtg() {
        AuditEvent event = AuditEventMapper.toAuditEvent(entry("read", "success", "user", List.of(PATIENT), true));

        assertThat(event.getAgentFirstRep().getPurposeOfUseFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActReason");
        assertThat(event.getAgentFirstRep().getPurposeOfUseFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("BTG");
    }

    @Test
    void actionsMapToCrudeCodes() {
        assertThat(Stream.of("create", "read", "update", "delete", "search", "export", "break-glass", "login")
                .map(AuditEventMapper::action)).containsExactly(AuditEventAction.C, AuditEventAction.R,
                AuditEventAction.U, AuditEventAction.D, AuditEventAction.E, AuditEventAction.R, AuditEventAction.E,
                AuditEventAction.E);
    }
}
