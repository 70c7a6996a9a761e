package org.vigil.alert.rule;

import java.math.BigDecimal;
import java.util.Locale;

/** How a threshold rule compares a value with its threshold. */
enum Operator {
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
    boolean breaches(double value, BigDecimal threshold) {
        int comparison = BigDecimal.valueOf(value).compareTo(threshold);
        return switch (this) {
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
        };
    }

    String phrase() {
        return phrase;
    }

    Worse worse() {
        return worse;
    }

    static Operator fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
