package org.vigil.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierConditionTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "identifier=urn:oid:1.2.3|A-1;identifier=urn:oid:1.2.3|A-1",
            "Patient?identifier=urn:oid:1.2.3%7CA-1;identifier=urn:oid:1.2.3|A-1",
            "?identifier=A-1;identifier=A-1",
            "identifier=%7CA-1;identifier=|A-1",
            "http://example.org/fhir/Patient?identifier=urn:x|a%26b;identifier=urn:x|a&b"})
    void oneIdentifierIsTheCondition(String header, String condition) {
        assertThat(IdentifierCondition.of(header, "Patient")).isEqualTo(condition);
    }

    @ParameterizedTest
    @ValueSource(strings = {"family=Jansen", "identifier=urn:x|", "identifier=a|b&family=c", "identifier=a,b",
            "Device?identifier=a|b", "identifier=", "identifier=%ZZ", "identifier=a|b|c"})
    void anythingElseIs400(String header) {
        assertThatThrownBy(() -> IdentifierCondition.of(header, "Patient")).isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void noHeaderIsNoCondition(String header) {
        assertThat(IdentifierCondition.of(header, "Patient")).isNull();
    }
}
