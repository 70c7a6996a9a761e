package org.vigil.alert.rule;

import java.math.BigDecimal;
import java.util.Locale;

/** How a threshold rule compares a value with its threshold. */
public enum Operator {
    GT("is above", Worse.HIGHER),
    GE("is at or above", Worse.HIGHER),
    LT("is below", Worse.LOWER),
    LE("is at or below", Worse.LOWER);

    private final String phrase;
    private final Worse worse;

    Operator(String phrase, Worse worse) {
        this.phrase = phrase;
        this.worse = worse;
    }

    /** Compared as decimals, so that 39.1 on the wire is exactly at a threshold of 39.1. */
    public boolean breaches(double value, BigDecimal threshold) {
        int comparison = BigDecimal.valueOf(value).compareTo(threshold);
        return switch (this) {
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
        };
    }

    public String phrase() {
        return phrase;
    }

    public Worse worse() {
        return worse;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Operator fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** The operator of this code, empty for anything but gt, ge, lt, le. */
    public static java.util.Optional<Operator> parse(String code) {
        for (Operator operator : values()) {
            if (operator.code().equals(code)) {
                return java.util.Optional.of(operator);
            }
        }
        return java.util.Optional.empty();
    }
}
