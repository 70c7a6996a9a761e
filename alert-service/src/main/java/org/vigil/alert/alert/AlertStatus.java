package org.vigil.alert.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An alert is active while open or acknowledged; a patient has at most one active alert per rule. */
enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AlertStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }
}
