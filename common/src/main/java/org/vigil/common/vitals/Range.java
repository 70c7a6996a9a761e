package org.vigil.common.vitals;

/** An inclusive range of plausible values in a type's canonical unit. */
public record Range(double min, double max) {

    public Range {
        if (!(min <= max)) {
            throw new IllegalArgumentException("min must not exceed max");
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}
