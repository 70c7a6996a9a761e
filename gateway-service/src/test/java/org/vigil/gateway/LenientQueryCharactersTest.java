package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LenientQueryCharactersTest {

    @Test
    void aFhirTokenTypedWithARawBarIsEncodedInTheQuery() {
        assertThat(LenientQueryCharacters.encodeQuery("/fhir/Observation?subject=Patient/1&code=http://loinc.org|8867-4"))
                .isEqualTo("/fhir/Observation?subject=Patient/1&code=http://loinc.org%7C8867-4");
    }

    @Test
    void thePathAndAlreadyEncodedQueriesAreLeftAlone() {
        assertThat(LenientQueryCharacters.encodeQuery("/a|b/c")).isEqualTo("/a|b/c");
        assertThat(LenientQueryCharacters.encodeQuery("/fhir/Observation?code=http%3A%2F%2Floinc.org%7C8867-4"))
                .isEqualTo("/fhir/Observation?code=http%3A%2F%2Floinc.org%7C8867-4");
    }
}
