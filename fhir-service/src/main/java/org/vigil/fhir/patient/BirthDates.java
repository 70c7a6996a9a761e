package org.vigil.fhir.patient;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * A {@code birthdate} search as the inclusive date range vitals-service filters by. A value stands for the whole
 * period it names (1950 is 1950-01-01..1950-12-31), so {@code eq} is that period, {@code ge} from its start,
 * {@code gt} from the day after its end, {@code le} to its end, {@code lt} to the day before its start; several
 * {@code birthdate} parameters are ANDed. Diagnostics never quote the value.
 */
record BirthDates(@Nullable LocalDate from, @Nullable LocalDate to) {

    static final BirthDates ANY = new BirthDates(null, null);

    static BirthDates of(@Nullable DateAndListParam birthdate) {
        BirthDates range = ANY;
        if (birthdate == null) {
            return range;
        }
        for (DateOrListParam or : birthdate.getValuesAsQueryTokens()) {
            if (or.getValuesAsQueryTokens().size() != 1) {
                throw new InvalidRequestException("birthdate: a list of alternatives (a,b) is not supported;"
                        + " repeat the parameter to narrow the range");
            }
            range = range.and(of(or.getValuesAsQueryTokens().get(0)));
        }
        return range;
    }

    private static BirthDates of(DateParam date) {
        if (date.getMissing() != null || date.getValueAsString() == null || date.getValueAsString().isBlank()) {
            throw new InvalidRequestException("birthdate needs a date (YYYY, YYYY-MM or YYYY-MM-DD)");
        }
        LocalDate start;
        LocalDate end;
        String value = date.getValueAsString();
        try {
            TemporalPrecisionEnum precision = date.getPrecision();
            if (precision == TemporalPrecisionEnum.YEAR) {
                start = LocalDate.of(Integer.parseInt(value.substring(0, 4)), 1, 1);
                end = start.plusYears(1).minusDays(1);
            } else if (precision == TemporalPrecisionEnum.MONTH) {
                YearMonth month = YearMonth.parse(value.substring(0, 7));
                start = month.atDay(1);
                end = month.atEndOfMonth();
            } else {
                start = LocalDate.parse(value.substring(0, 10));
                end = start;
            }
        } catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException e) {
            throw new InvalidRequestException("birthdate is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
        }
        ParamPrefixEnum prefix = date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
        return switch (prefix) {
            case EQUAL -> new BirthDates(start, end);
            case GREATERTHAN_OR_EQUALS -> new BirthDates(start, null);
            case GREATERTHAN -> new BirthDates(end.plusDays(1), null);
            case LESSTHAN_OR_EQUALS -> new BirthDates(null, end);
            case LESSTHAN -> new BirthDates(null, start.minusDays(1));
            default -> throw new InvalidRequestException("birthdate supports the prefixes eq, ge, gt, le and lt, not "
                    + prefix.getValue());
        };
    }

    private BirthDates and(BirthDates other) {
        LocalDate newFrom = from == null ? other.from : other.from == null || from.isAfter(other.from) ? from
                : other.from;
        LocalDate newTo = to == null ? other.to : other.to == null || to.isBefore(other.to) ? to : other.to;
        return new BirthDates(newFrom, newTo);
    }

    boolean isEmpty() {
        return from != null && to != null && from.isAfter(to);
    }
}
