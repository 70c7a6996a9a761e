package org.vigil.fhir.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.service.security.DataKind;

/** Which Subscription criteria the server serves, and what they select. */
class CriteriaTest {

    @Test
    void observationsOfAPatientByEitherParameter() {
        assertThat(Criteria.parse("Observation?patient=p1")).isEqualTo(new Criteria("Observation", "p1", null));
        assertThat(Criteria.parse("Observation?subject=Patient/p1")).isEqualTo(new Criteria("Observation", "p1", null));
        assertThat(Criteria.parse("Observation?subject=Patient%2Fp1").patientId()).isEqualTo("p1");
    }

    @Test
    void codesWithOrWithoutSystemSelectVigilsTypes() {
        assertThat(Criteria.parse("Observation?code=http://loinc.org|8867-4,59408-5,2708-6").types())
                .containsExactly("heart-rate", "spo2");
        assertThat(Criteria.parse("Observation?patient=p1&code=http%3A%2F%2Fsnomed.info%2Fsct%7C1912002").types())
                .containsExactly("fall");
        assertThat(Criteria.parse("Observation?patient=p1&code=http://loinc.org|85353-1,8867-4").types())
                .containsExactly("vital-signs-panel", "heart-rate");
        assertThat(Criteria.parse("Observation?patient=p1&code=85353-1").types()).containsExactly("vital-signs-panel");
    }

    @Test
    void flagsOfAPatientAreAlertData() {
        Criteria flags = Criteria.parse("Flag?patient=Patient/p1");
        assertThat(flags).isEqualTo(new Criteria("Flag", "p1", null));
        assertThat(flags.kind()).isEqualTo(DataKind.ALERT);
        assertThat(Criteria.parse("Observation?patient=p1").kind()).isEqualTo(DataKind.OBSERVATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Patient?name=x", "Observation", "Flag", "Observation?category=vital-signs",
            "Observation?code=http://loinc.org|0000-0", "Observation?code=http://other|8867-4", "Flag?code=8867-4",
            "Observation?code=http://snomed.info/sct|85353-1",
            "Observation?patient=p1&patient=p2", "Observation?patient=Patient/a/b", "Flag?status=active"})
    void anythingElseIsRefusedWithAReason(String criteria) {
        assertThatThrownBy(() -> Criteria.parse(criteria)).isInstanceOf(Criteria.InvalidCriteriaException.class)
                .hasMessageNotContaining("Exception");
    }
}
