package org.vigil.alert.news2;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.Acvpu;

/**
 * The seven physiological parameters of NEWS2, each with the reading it comes from and how its value is kept as a
 * number: air or oxygen as 0 (air) or 1 (supplemental oxygen), consciousness as the ordinal of its ACVPU letter.
 */
enum News2Parameter {
    RESPIRATION_RATE("respirationRate", "respiratory-rate"),
    SPO2("spo2", "spo2"),
    AIR_OR_OXYGEN("airOrOxygen", "supplemental-oxygen"),
    SYSTOLIC("systolic", "blood-pressure"),
    PULSE("pulse", "heart-rate"),
    CONSCIOUSNESS("consciousness", "consciousness"),
    TEMPERATURE("temperature", "body-temperature");

    private final String key;
    private final String readingType;

    News2Parameter(String key, String readingType) {
        this.key = key;
        this.readingType = readingType;
    }

    /** The name in the score's JSON ({@code subScores}, {@code missing}) and in the history table. */
    String key() {
        return key;
    }

    /** The parameter this reading carries, empty for other types. */
    static Optional<News2Parameter> of(ReadingRecorded reading) {
        for (News2Parameter parameter : values()) {
            if (parameter.readingType.equals(reading.type())) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    /**
     * The reading's value of this parameter, or null if it has none to score. Exactly 0 for respiration rate, SpO2 and
     * pulse is a sensor that is off, not a measurement, and is ignored (technical alerts are raised for it elsewhere).
     */
    @Nullable Double valueOf(ReadingRecorded reading) {
        Double value = switch (this) {
            case RESPIRATION_RATE, SPO2, PULSE, TEMPERATURE -> reading.value();
            case SYSTOLIC -> reading.systolic();
            case AIR_OR_OXYGEN -> reading.supplementalOxygen() == null ? null
                    : reading.supplementalOxygen() ? 1.0 : 0.0;
            case CONSCIOUSNESS -> reading.consciousness() == null ? null
                    : Acvpu.fromCode(reading.consciousness()).map(level -> (double) level.ordinal()).orElse(null);
        };
        if (value == null || !Double.isFinite(value)) {
            return null;
        }
        boolean sensorOff = value == 0 && (this == RESPIRATION_RATE || this == SPO2 || this == PULSE);
        return sensorOff ? null : value;
    }
}
