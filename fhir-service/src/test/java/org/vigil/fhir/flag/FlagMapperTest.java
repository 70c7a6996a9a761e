package org.vigil.fhir.flag;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.common.events.AlertChanged;
import org.vigil.fhir.OfflineValidator;

/** Alerts as Flags: the mapping of docs/adr/0006, and valid R4 (HAPI's instance validator, offline, no errors). */
class FlagMapperTest {

    static final FhirContext FHIR = FhirContext.forR4();
    static final String PATIENT = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11";
    static final Instant RAISED = Instant.parse("2026-11-21T10:00:05Z");


    static AlertView alert(String status, String category, String severity) {
        return new AlertView("a0000000-0000-4000-8000-000000000001", PATIENT, "heart-rate", category, severity,
                "heart-rate-high", "Heart rate 142 /min is above 130 /min", 142.0, "/min",
                RAISED.minusSeconds(5), RAISED, RAISED.plusSeconds(60), status, null, "dev-1",
                "0b7f3c2e-0000-4000-8000-00000000a001",
                "resolved".equals(status) ? RAISED.plusSeconds(600) : null);
    }

    static Stream<AlertView> alerts() {
        return Stream.of(alert("open", "clinical", "high"), alert("acknowledged", "clinical", "medium"),
                alert("resolved", "technical", "low-medium"), alert("open", "technical", "low"),
                AlertView.of(new AlertChanged(java.util.UUID.randomUUID(), "a1", PATIENT, "raised", "news2",
                        "clinical", "medium", "open", "news2", "NEWS2 5 (medium)", 5.0, null, RAISED, RAISED, RAISED,
                        null, 0)));
    }

    @ParameterizedTest
    @MethodSource("alerts")
    void everyAlertMapsToAValidFlag(AlertView alert) {
        Flag flag = FlagMapper.toFlag(alert);

        List<SingleValidationMessage> errors = OfflineValidator.errors(flag);
        assertThat(errors).as(FHIR.newJsonParser().encodeResourceToString(flag)).isEmpty();
    }

    @Test
    void anOpenHighClinicalAlertIsAnActiveHighPriorityClinicalFlagPointingAtItsReading() {
        Flag flag = FlagMapper.toFlag(alert("open", "clinical", "high"));

        assertThat(flag.getIdPart()).isEqualTo("a0000000-0000-4000-8000-000000000001");
        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(flag.getMeta().getTag(FlagMapper.STATUS_SYSTEM, "open")).isNotNull();
        assertThat(flag.getCategory()).extracting(c -> c.getCodingFirstRep().getCode())
                .containsExactly("clinical", "clinical");
        assertThat(flag.getCode().getCodingFirstRep().getCode()).isEqualTo("heart-rate-high");
        assertThat(flag.getCode().getText()).isEqualTo("Heart rate 142 /min is above 130 /min");
        assertThat(flag.getSubject().getReference()).isEqualTo("Patient/" + PATIENT);
        assertThat(flag.getPeriod().getStart().toInstant()).isEqualTo(RAISED);
        assertThat(flag.getPeriod().hasEnd()).isFalse();
        CodeableConcept priority = (CodeableConcept) flag.getExtensionByUrl(FlagMapper.FLAG_PRIORITY).getValue();
        assertThat(priority.getCoding()).extracting(c -> c.getCode()).containsExactly("PH", "high");
        assertThat(((Reference) flag.getExtensionByUrl(FlagMapper.FLAG_DETAIL).getValue()).getReference())
                .isEqualTo("Observation/0b7f3c2e-0000-4000-8000-00000000a001");
    }

    @Test
    void aResolvedAlertIsAnInactiveFlagWhosePeriodEnds() {
        Flag flag = FlagMapper.toFlag(alert("resolved", "technical", "low-medium"));

        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(flag.getPeriod().getEnd().toInstant()).isEqualTo(RAISED.plusSeconds(600));
        assertThat(flag.getCategory()).extracting(c -> c.getCodingFirstRep().getCode()).containsExactly("technical");
    }
}
