package org.vigil.alert.news2;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vigil.alert.rule.Severity;
import org.vigil.common.vitals.Acvpu;

/**
 * NEWS2 as published by the Royal College of Physicians: "National Early Warning Score (NEWS) 2: Standardising the
 * assessment of acute-illness severity in the NHS", RCP London 2017, Chart 1 (the NEWS scoring system) for the
 * sub-scores and Chart 2 (NEWS thresholds and triggers) for the clinical risk. Pure: values in, score out.
 *
 * <p>Rounding: the chart's bands are whole numbers (temperature: one decimal), so a value is first rounded half up to
 * the chart's precision, as it would be written on the paper chart, and then looked up. A respiration rate of 20.5 is
 * thus 21 (score 2) and a temperature of 38.05 is 38.1 (score 1); no value falls between two bands.
 */
final class News2Scorer {

    private News2Scorer() {
    }

    /** Respiration rate per minute: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3. */
    static int respirationRate(double perMinute) {
        int v = whole(perMinute);
        if (v <= 8) {
            return 3;
        }
        if (v <= 11) {
            return 1;
        }
        if (v <= 20) {
            return 0;
        }
        return v <= 24 ? 2 : 3;
    }

    /** SpO2 scale 1 (%): ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0. */
    static int spo2Scale1(double percent) {
        int v = whole(percent);
        if (v <= 91) {
            return 3;
        }
        if (v <= 93) {
            return 2;
        }
        return v <= 95 ? 1 : 0;
    }

    /**
     * SpO2 scale 2 (%), for patients with a prescribed target of 88–92 % (e.g. hypercapnic respiratory failure):
     * ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 → 0 and ≥93 on air → 0; on oxygen 93–94 → 1, 95–96 → 2, ≥97 → 3.
     */
    static int spo2Scale2(double percent, boolean onOxygen) {
        int v = whole(percent);
        if (v <= 83) {
            return 3;
        }
        if (v <= 85) {
            return 2;
        }
        if (v <= 87) {
            return 1;
        }
        if (v <= 92 || !onOxygen) {
            return 0;
        }
        if (v <= 94) {
            return 1;
        }
        return v <= 96 ? 2 : 3;
    }

    /** Air → 0, supplemental oxygen → 2. */
    static int airOrOxygen(boolean onOxygen) {
        return onOxygen ? 2 : 0;
    }

    /** Systolic blood pressure (mmHg): ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3. */
    static int systolic(double mmHg) {
        int v = whole(mmHg);
        if (v <= 90) {
            return 3;
        }
        if (v <= 100) {
            return 2;
        }
        if (v <= 110) {
            return 1;
        }
        return v <= 219 ? 0 : 3;
    }

    /** Pulse per minute: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3. */
    static int pulse(double perMinute) {
        int v = whole(perMinute);
        if (v <= 40) {
            return 3;
        }
        if (v <= 50) {
            return 1;
        }
        if (v <= 90) {
            return 0;
        }
        if (v <= 110) {
            return 1;
        }
        return v <= 130 ? 2 : 3;
    }

    /** ACVPU: Alert → 0; new Confusion, Voice, Pain, Unresponsive → 3. */
    static int consciousness(Acvpu level) {
        return level == Acvpu.A ? 0 : 3;
    }

    /** Temperature (°C): ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2. */
    static int temperature(double celsius) {
        BigDecimal v = BigDecimal.valueOf(celsius).setScale(1, RoundingMode.HALF_UP);
        if (v.compareTo(new BigDecimal("35.0")) <= 0) {
            return 3;
        }
        if (v.compareTo(new BigDecimal("36.0")) <= 0) {
            return 1;
        }
        if (v.compareTo(new BigDecimal("38.0")) <= 0) {
            return 0;
        }
        return v.compareTo(new BigDecimal("39.0")) <= 0 ? 1 : 2;
    }

    /**
     * Clinical risk (Chart 2): aggregate 7 or more high; 5–6 medium; a score of 3 in any single parameter (with an
     * aggregate of 4 or less) low-medium; 0–4 low.
     */
    static Severity risk(int total, boolean anySingleThree) {
        if (total >= 7) {
            return Severity.HIGH;
        }
        if (total >= 5) {
            return Severity.MEDIUM;
        }
        return anySingleThree ? Severity.LOW_MEDIUM : Severity.LOW;
    }

    private static int whole(double value) {
        return BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** The sub-scores of the parameters present (see {@link News2Parameter} for how values are kept). */
    static Result score(Map<News2Parameter, Double> values, int scale) {
        Map<News2Parameter, Integer> sub = new EnumMap<>(News2Parameter.class);
        List<News2Parameter> missing = new ArrayList<>();
        for (News2Parameter parameter : News2Parameter.values()) {
            Double value = values.get(parameter);
            if (value == null) {
                missing.add(parameter);
                continue;
            }
            Integer score = switch (parameter) {
                case RESPIRATION_RATE -> respirationRate(value);
                case SPO2 -> scale == 2
                        // On scale 2 the score above 92 % depends on oxygen: without it, SpO2 cannot be scored.
                        ? values.get(News2Parameter.AIR_OR_OXYGEN) == null ? null
                                : spo2Scale2(value, values.get(News2Parameter.AIR_OR_OXYGEN) == 1.0)
                        : spo2Scale1(value);
                case AIR_OR_OXYGEN -> airOrOxygen(value == 1.0);
                case SYSTOLIC -> systolic(value);
                case PULSE -> pulse(value);
                case CONSCIOUSNESS -> consciousness(Acvpu.values()[value.intValue()]);
                case TEMPERATURE -> temperature(value);
            };
            if (score != null) {
                sub.put(parameter, score);
            }
        }
        if (!missing.isEmpty()) {
            return new Result(null, null, scale, false, List.copyOf(missing), sub);
        }
        int total = sub.values().stream().mapToInt(Integer::intValue).sum();
        boolean anyThree = sub.values().stream().anyMatch(s -> s == 3);
        return new Result(total, risk(total, anyThree), scale, true, List.of(), sub);
    }

    /**
     * A score; {@code total} and {@code risk} are null when a parameter is missing (an incomplete score is never
     * scored as if the missing parameter were normal).
     */
    record Result(@org.jspecify.annotations.Nullable Integer total, @org.jspecify.annotations.Nullable Severity risk,
            int scale, boolean complete, List<News2Parameter> missing, Map<News2Parameter, Integer> subScores) {
    }
}
