package org.vigil.alert.rule;

import java.util.Locale;

/** How urgently an alert needs a clinician; on the wire and in the database as lower-case words. */
public enum Severity {
    LOW, MEDIUM, HIGH;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Severity fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
