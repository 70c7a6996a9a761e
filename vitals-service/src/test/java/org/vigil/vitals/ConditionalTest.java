package org.vigil.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

class ConditionalTest {

    @Test
    void ifNoneExistNamesOneIdentifierAsSentOrEncodedOnceMore() {
        assertThat(Conditional.ifNoneExistIdentifier("identifier=urn:mrn|123")).isEqualTo("urn:mrn|123");
        assertThat(Conditional.ifNoneExistIdentifier("identifier=http%3A%2F%2Fx.org%7Ca+b")).isEqualTo("http://x.org|a+b");
        assertThat(Conditional.ifNoneExistIdentifier("Patient?identifier=123")).isEqualTo("123");
        assertThat(Conditional.ifNoneExistIdentifier(" ")).isNull();
    }

    @Test
    void ifNoneExistWithAnotherOrASecondCriterionIsABadRequest() {
        for (String criteria : List.of("name=Smith", "identifier=a|1&birthdate=1970", "identifier=", "identifier=a|")) {
            assertThatThrownBy(() -> Conditional.ifNoneExistIdentifier(criteria)).as(criteria)
                    .isInstanceOf(ResponseStatusException.class).hasMessageContaining("ifNoneExist");
        }
    }

    @Test
    void ifMatchTakesAVersionOrAnEtag() {
        assertThat(Conditional.ifMatch("3")).isEqualTo(3);
        assertThat(Conditional.ifMatch("W/\"4\"")).isEqualTo(4);
        assertThat(Conditional.ifMatch("\"5\"")).isEqualTo(5);
        assertThat(Conditional.ifMatch(null)).isNull();
        assertThatThrownBy(() -> Conditional.ifMatch("W/\"x\"")).hasMessageContaining("ifMatch");
    }

    @Test
    void aValueAloneMatchesItInAnySystemAndASystemValueExactly() {
        List<Object> args = new ArrayList<>();
        assertThat(Conditional.matches("identifiers", "urn:mrn|1", args)).contains("@>");
        assertThat(args).containsExactly("urn:mrn|1");
        args.clear();
        assertThat(Conditional.matches("identifiers", "|1", args)).contains("unnest");
        assertThat(args).containsExactly("1", "1", "1");
        assertThat(Conditional.valueOf("urn:mrn|1|2")).isEqualTo("1|2");
    }
}
