package org.vigil.alert.rule;

import java.util.Locale;
import java.util.Optional;

/**
 * How urgently an alert needs a clinician; on the wire and in the database as lower-case words ({@code low-medium} for
 * {@link #LOW_MEDIUM}). Ordered from least to most urgent. {@code LOW_MEDIUM} is NEWS2's "single parameter scoring 3"
 * band (urgent ward-based review).
 */
public enum Severity {
    LOW, LOW_MEDIUM, MEDIUM, HIGH;

    // Computed once: code() and parse() are called per reading and per ward row (the ward's profile showed them).
    private final String code = name().toLowerCase(Locale.ROOT).replace('_', '-');

    public String code() {
        return code;
    }

    public static Severity fromCode(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown severity"));
    }

    public static Optional<Severity> parse(String code) {
        for (Severity severity : values()) {
            if (severity.code().equals(code)) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }
}
