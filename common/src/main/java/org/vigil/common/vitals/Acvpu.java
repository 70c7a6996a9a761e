package org.vigil.common.vitals;

import java.util.Optional;

/**
 * The ACVPU scale of consciousness used by NEWS2 (Royal College of Physicians, National Early Warning Score 2, 2017,
 * chart 1): Alert, new Confusion, responds to Voice, responds to Pain, Unresponsive.
 */
public enum Acvpu {
    A("Alert"),
    C("New confusion"),
    V("Responds to voice"),
    P("Responds to pain"),
    U("Unresponsive");

    private final String display;

    Acvpu(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }

    public static Optional<Acvpu> fromCode(String code) {
        for (Acvpu level : values()) {
            if (level.name().equals(code)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
