package org.vigil.common.vitals;

import java.util.function.DoubleUnaryOperator;

/** How a value in one accepted unit becomes a value in the type's canonical UCUM unit. */
record UnitConversion(String unit, DoubleUnaryOperator toCanonical) {

    static UnitConversion identity(String unit) {
        return new UnitConversion(unit, DoubleUnaryOperator.identity());
    }

    static UnitConversion factor(String unit, double factor) {
        return new UnitConversion(unit, v -> v * factor);
    }
}
