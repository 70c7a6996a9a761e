package org.vigil.fhir.observation;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A FHIR {@code date} search as the four bounds of vitals-service's readings API: {@code from} (time &gt;=),
 * {@code after} (time &gt;), {@code to} (time &lt;=), {@code before} (time &lt;). A value is the range its precision
 * implies (FHIR R4 search, "date"): {@code 2026-11-21} is the whole day [00:00, next day 00:00), a time to the second
 * the whole second; {@code eq} (or no prefix) is that range, {@code ge} from its start, {@code gt} from its end,
 * {@code lt} before its start, {@code le} before its end. A value with milliseconds is an instant: {@code gt} and
 * {@code lt} are then strict ({@code after}, {@code before}) and {@code le} is {@code to}. Dates without a time zone are
 * UTC. {@code ne}, {@code sa}, {@code eb} and {@code ap} are 400.
 */
record TimeBounds(@Nullable Instant from, @Nullable Instant after, @Nullable Instant to, @Nullable Instant before) {

    static final TimeBounds NONE = new TimeBounds(null, null, null, null);

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})T(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?");

    static TimeBounds of(@Nullable DateRangeParam date) {
        TimeBounds bounds = NONE;
        if (date == null) {
            return bounds;
        }
        for (DateParam param : date.getValuesAsQueryTokens()) {
            if (param == null || param.isEmpty()) {
                continue;
            }
            ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
            Span span = span(param.getValueAsString());
            bounds = bounds.and(switch (prefix) {
                case EQUAL -> span.exact()
                        ? new TimeBounds(span.start(), null, span.start(), null)
                        : new TimeBounds(span.start(), null, null, span.end());
                case GREATERTHAN_OR_EQUALS -> new TimeBounds(span.start(), null, null, null);
                case GREATERTHAN -> span.exact()
                        ? new TimeBounds(null, span.start(), null, null)
                        : new TimeBounds(span.end(), null, null, null);
                case LESSTHAN -> new TimeBounds(null, null, null, span.start());
                case LESSTHAN_OR_EQUALS -> span.exact()
                        ? new TimeBounds(null, null, span.start(), null)
                        : new TimeBounds(null, null, null, span.end());
                default -> throw new InvalidRequestException("date: the prefix " + prefix.getValue()
                        + " is not supported; use eq, ge, gt, le or lt");
            });
        }
        return bounds;
    }

    /** Both bounds at once: the later lower bounds and the earlier upper bounds. */
    TimeBounds and(TimeBounds other) {
        return new TimeBounds(later(from, other.from), later(after, other.after), earlier(to, other.to),
                earlier(before, other.before));
    }

    boolean contains(Instant time) {
        return (from == null || !time.isBefore(from)) && (after == null || time.isAfter(after))
                && (to == null || !time.isAfter(to)) && (before == null || time.isBefore(before));
    }

    /** The smallest instant this can hold, for APIs with only an inclusive lower bound. */
    @Nullable Instant lowest() {
        @Nullable Instant afterPlus = after == null ? null : after.plusNanos(1);
        return later(from, afterPlus);
    }

    /** The largest instant this can hold, for APIs with only an inclusive upper bound. */
    @Nullable Instant highest() {
        @Nullable Instant beforeMinus = before == null ? null : before.minusNanos(1);
        return earlier(to, beforeMinus);
    }

    /** Whether no instant can satisfy these bounds. */
    boolean empty() {
        @Nullable Instant low = lowest();
        @Nullable Instant high = highest();
        return low != null && high != null && low.isAfter(high);
    }

    private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** The range a date value stands for, end exclusive; exact when it has milliseconds (one instant). */
    record Span(Instant start, Instant end, boolean exact) {
    }

    static Span span(@Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("date needs a value, e.g. ge2026-11-21");
        }
        String v = value.trim();
        try {
            if (v.matches("\\d{4}")) {
                Instant start = LocalDate.of(Integer.parseInt(v), 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Span(start, LocalDate.of(Integer.parseInt(v) + 1, 1, 1).atStartOfDay(ZoneOffset.UTC)
                        .toInstant(), false);
            }
            if (v.matches("\\d{4}-\\d{2}")) {
                YearMonth month = YearMonth.parse(v);
                return new Span(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), false);
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate day = LocalDate.parse(v);
                return new Span(day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), false);
            }
            Matcher m = DATE_TIME.matcher(v);
            if (m.matches()) {
                String zone = m.group(6) == null ? "Z" : m.group(6);
                String seconds = m.group(4) == null ? "00" : m.group(4);
                String fraction = m.group(5) == null ? "" : m.group(5);
                Instant start = OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + ":" + m.group(3) + ":" + seconds
                        + fraction + zone).toInstant();
                if (!fraction.isEmpty()) {
                    return new Span(start, start, true);
                }
                return new Span(start, start.plus(1, m.group(4) == null ? ChronoUnit.MINUTES : ChronoUnit.SECONDS),
                        false);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("date: not a FHIR date or dateTime (e.g. 2026-11-21 or"
                + " 2026-11-21T10:00:00Z)");
    }
}
