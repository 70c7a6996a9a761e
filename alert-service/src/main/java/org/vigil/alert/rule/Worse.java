package org.vigil.alert.rule;

import java.util.Locale;

/** Which direction of a breached value is worse, so that an active alert can keep the worst value seen. */
public enum Worse {
    HIGHER, LOWER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
