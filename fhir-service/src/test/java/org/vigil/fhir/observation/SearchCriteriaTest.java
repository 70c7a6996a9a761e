package org.vigil.fhir.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.observation.ObservationResourceProvider.SearchCriteria;

class SearchCriteriaTest {

    @Test
    void loincCodesWithOrWithoutSystemAreOredIntoTypes() {
        TokenOrListParam code = new TokenOrListParam().add("http://loinc.org", "8867-4").add(null, "85354-9");

        assertThat(SearchCriteria.types(code)).containsExactlyInAnyOrder(VitalType.HEART_RATE,
                VitalType.BLOOD_PRESSURE);
    }

    @Test
    void theSecondSpo2CodingFindsSpo2() {
        assertThat(SearchCriteria.types(new TokenOrListParam("http://loinc.org", "2708-6")))
                .containsExactly(VitalType.SPO2);
    }

    @Test
    void otherSystemsAndUnknownCodesSelectNothing() {
        TokenOrListParam code = new TokenOrListParam().add("http://snomed.info/sct", "8867-4")
                .add("http://loinc.org", "0000-0");

        assertThat(SearchCriteria.types(code)).isEmpty();
    }

    @Test
    void aFallIsSelectedByItsSnomedCodeWithOrWithoutSystemButNotAsLoinc() {
        assertThat(SearchCriteria.types(new TokenOrListParam("http://snomed.info/sct", "1912002")))
                .containsExactly(VitalType.FALL);
        assertThat(SearchCriteria.types(new TokenOrListParam(null, "1912002"))).containsExactly(VitalType.FALL);
        assertThat(SearchCriteria.types(new TokenOrListParam("http://loinc.org", "1912002"))).isEmpty();
        assertThat(SearchCriteria.types(new TokenOrListParam(null, "8637-1"))).containsExactly(VitalType.RR_INTERVALS);
    }

    @Test
    void news2IsSelectedBySnomed1104051000000101AndNothingElse() {
        assertThat(SearchCriteria.news2(new TokenOrListParam("http://snomed.info/sct", "1104051000000101"))).isTrue();
        assertThat(SearchCriteria.news2(new TokenOrListParam(null, "1104051000000101"))).isTrue();
        assertThat(SearchCriteria.news2(new TokenOrListParam("http://loinc.org", "1104051000000101"))).isFalse();
        assertThat(SearchCriteria.news2(new TokenOrListParam("http://loinc.org", "8867-4"))).isFalse();
        assertThat(SearchCriteria.types(new TokenOrListParam("http://snomed.info/sct", "1104051000000101")))
                .isEmpty();
    }

    @Test
    void theVitalsPanelCodeWithOrWithoutLoincOrNoCodeSelectsPanelsWithinVitalSigns() {
        TokenOrListParam vitalSigns = new TokenOrListParam(null, "vital-signs");
        assertThat(SearchCriteria.documentCodes(new TokenOrListParam("http://loinc.org", "85353-1"), null))
                .containsExactly("85353-1");
        assertThat(SearchCriteria.documentCodes(new TokenOrListParam().add("http://loinc.org", "8867-4")
                .add(null, "85353-1"), vitalSigns)).containsExactly("85353-1");
        assertThat(SearchCriteria.documentCodes(null, null)).containsExactly("85353-1");
        assertThat(SearchCriteria.documentCodes(null, vitalSigns)).containsExactly("85353-1");
        assertThat(SearchCriteria.types(new TokenOrListParam("http://loinc.org", "85353-1"))).isEmpty();
    }

    @Test
    void readingCodesOtherSystemsAndOtherCategoriesSelectNoPanels() {
        assertThat(SearchCriteria.documentCodes(new TokenOrListParam("http://loinc.org", "8867-4"), null)).isEmpty();
        assertThat(SearchCriteria.documentCodes(new TokenOrListParam("http://snomed.info/sct", "85353-1"), null))
                .isEmpty();
        assertThat(SearchCriteria.documentCodes(null, new TokenOrListParam(null, "survey"))).isEmpty();
        assertThat(SearchCriteria.documentCodes(new TokenOrListParam(null, "85353-1"),
                new TokenOrListParam(null, "exam"))).isEmpty();
    }

    @Test
    void subjectMayBeAReferenceOrABareId() {
        assertThat(SearchCriteria.patientId(new ReferenceParam("Patient/p1"), null)).isEqualTo("p1");
        assertThat(SearchCriteria.patientId(null, new ReferenceParam("p2"))).isEqualTo("p2");
    }

    @Test
    void aSearchMustNameOnePatient() {
        assertThatThrownBy(() -> SearchCriteria.patientId(null, null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SearchCriteria.patientId(new ReferenceParam("Device/d1"), null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Patient");
        assertThatThrownBy(() -> SearchCriteria.patientId(new ReferenceParam("Patient/a"), new ReferenceParam("b")))
                .isInstanceOf(InvalidRequestException.class);
    }
}
