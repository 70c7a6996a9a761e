package org.vigil.fhir.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeBoundsTest {

    private static TimeBounds of(String... values) {
        DateParam[] params = new DateParam[values.length];
        for (int i = 0; i < values.length; i++) {
            params[i] = new DateParam(values[i]);
        }
        return TimeBounds.of(params.length == 1 ? new DateRangeParam(params[0])
                : new DateRangeParam(params[0], params[1]));
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            // value,                       from,                    after,                   to,                      before
            "2026-11-21,                    2026-11-21T00:00:00Z,    -,                       -,                       2026-11-22T00:00:00Z",
            "eq2026-11,                     2026-11-01T00:00:00Z,    -,                       -,                       2026-12-01T00:00:00Z",
            "ge2026-11-21,                  2026-11-21T00:00:00Z,    -,                       -,                       -",
            "gt2026-11-21,                  2026-11-22T00:00:00Z,    -,                       -,                       -",
            "le2026-11-21,                  -,                       -,                       -,                       2026-11-22T00:00:00Z",
            "lt2026-11-21,                  -,                       -,                       -,                       2026-11-21T00:00:00Z",
            "eq2026-11-21T10:00:00Z,        2026-11-21T10:00:00Z,    -,                       -,                       2026-11-21T10:00:01Z",
            "gt2026-11-21T10:00:00.000Z,    -,                       2026-11-21T10:00:00Z,    -,                       -",
            "le2026-11-21T10:00:00.500Z,    -,                       -,                       2026-11-21T10:00:00.500Z, -",
            "lt2026-11-21T12:00:00+02:00,   -,                       -,                       -,                       2026-11-21T10:00:00Z",
            "ge2026-11-21T10:00,            2026-11-21T10:00:00Z,    -,                       -,                       -"})
    void eachPrefixMapsToTheBoundItsPrecisionImplies(String value, String from, String after, String to,
            String before) {
        TimeBounds bounds = of(value);

        assertThat(bounds).isEqualTo(new TimeBounds(from == null ? null : at(from), after == null ? null : at(after),
                to == null ? null : at(to), before == null ? null : at(before)));
    }

    @Test
    void aRangeIsBothBounds() {
        TimeBounds bounds = of("ge2026-11-21", "lt2026-11-23");

        assertThat(bounds).isEqualTo(new TimeBounds(at("2026-11-21T00:00:00Z"), null, null,
                at("2026-11-23T00:00:00Z")));
        assertThat(bounds.contains(at("2026-11-22T23:59:59.999Z"))).isTrue();
        assertThat(bounds.contains(at("2026-11-23T00:00:00Z"))).isFalse();
    }

    @Test
    void aRangeThatHoldsNothingIsEmpty() {
        assertThat(of("ge2026-11-22", "lt2026-11-21").empty()).isTrue();
    }

    @Test
    void aValueThatIsNoFhirDateIs400() {
        assertThatThrownBy(() -> TimeBounds.span("yesterday")).isInstanceOf(InvalidRequestException.class);
    }
}
