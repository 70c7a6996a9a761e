package org.vigil.common.vitals;

import static org.vigil.common.vitals.UnitConversion.factor;
import static org.vigil.common.vitals.UnitConversion.identity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The catalogue of reading types that Vigil accepts: the wire name, the LOINC code and display used in FHIR (the
 * codes required by the HL7 FHIR R4 vital-signs profiles where one exists), the canonical UCUM unit, the other units
 * accepted and converted, and the range outside which a value cannot be a measurement of a living person.
 *
 * <p>The plausible ranges reject only the impossible (a typo, a sensor fault, a wrong unit), never the merely
 * alarming: raising alerts on alarming values is alert-service's job, and it can only do so if they get through. A
 * value of exactly 0 is accepted for heart rate, respiratory rate and SpO2 because monitors send 0 when a sensor falls
 * off, and that must reach the rules as a technical problem rather than vanish here.
 */
public enum VitalType {

    HEART_RATE("heart-rate", "8867-4", "Heart rate", ValueKind.QUANTITY, "/min", 0,
            new Range(0, 350),
            identity("/min"), identity("bpm"), identity("beats/min"), identity("{beats}/min"), identity("1/min")),

    RESPIRATORY_RATE("respiratory-rate", "9279-1", "Respiratory rate", ValueKind.QUANTITY, "/min", 0,
            new Range(0, 150),
            identity("/min"), identity("breaths/min"), identity("{breaths}/min"), identity("br/min"),
            identity("1/min")),

    /** Pulse oximetry; FHIR's oxygensat profile also wants 2708-6, which fhir-service adds as a second coding. */
    SPO2("spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", ValueKind.QUANTITY, "%", 1,
            new Range(0, 100),
            identity("%")),

    /** Lowest and highest body temperatures survived are about 13.7 and 46.5 Cel; 10..47 leaves a margin. */
    BODY_TEMPERATURE("body-temperature", "8310-5", "Body temperature", ValueKind.QUANTITY, "Cel", 2,
            new Range(10, 47),
            identity("Cel"), identity("°C"), identity("degC"), identity("C"),
            new UnitConversion("[degF]", f -> (f - 32) * 5 / 9), new UnitConversion("°F", f -> (f - 32) * 5 / 9),
            new UnitConversion("degF", f -> (f - 32) * 5 / 9), new UnitConversion("F", f -> (f - 32) * 5 / 9)),

    /**
     * One reading, two components (systolic 8480-6 and diastolic 8462-4), as FHIR's bp profile wants. The plausible
     * range applies to each component; systolic must also exceed diastolic. 1 kPa = 7.50062 mm[Hg].
     */
    BLOOD_PRESSURE("blood-pressure", "85354-9", "Blood pressure panel with all children optional",
            ValueKind.BLOOD_PRESSURE, "mm[Hg]", 0,
            new Range(5, 400),
            identity("mm[Hg]"), identity("mmHg"), factor("kPa", 7.50062)),

    /** Glucose molar mass 180.16 g/mol, so 1 mmol/L = 18.016 mg/dL. */
    BLOOD_GLUCOSE("blood-glucose", "2339-0", "Glucose [Mass/volume] in Blood", ValueKind.QUANTITY, "mg/dL", 1,
            new Range(10, 2700),
            identity("mg/dL"), factor("mmol/L", 18.016)),

    /** 1 [lb_av] = 0.45359237 kg exactly. */
    BODY_WEIGHT("body-weight", "29463-7", "Body weight", ValueKind.QUANTITY, "kg", 3,
            new Range(0.2, 700),
            identity("kg"), factor("g", 0.001), factor("[lb_av]", 0.45359237), factor("lb", 0.45359237),
            factor("lbs", 0.45359237)),

    /** ACVPU, as NEWS2 scores it; LOINC 67775-7 "Level of responsiveness". No unit. */
    CONSCIOUSNESS("consciousness", "67775-7", "Level of responsiveness", ValueKind.ACVPU, null, 0,
            new Range(0, 0)),

    /**
     * Air or supplemental oxygen, as NEWS2 scores it, with an optional flow in L/min. Coded as LOINC 3151-8 "Inhaled
     * oxygen flow rate"; the flow's plausible range covers high-flow nasal cannulae (up to about 70 L/min).
     */
    SUPPLEMENTAL_OXYGEN("supplemental-oxygen", "3151-8", "Inhaled oxygen flow rate", ValueKind.OXYGEN, "L/min", 1,
            new Range(0, 80),
            identity("L/min"), identity("l/min")),

    /**
     * Beat-to-beat (RR) intervals over a window, as wearables report them; the reading's time is the window's start.
     * LOINC 8637-1 "R-R interval by EKG". Each interval must lie within 200..3000 ms (300 to 20 beats a minute); at most
     * {@link #MAX_SERIES_VALUES} a reading.
     */
    RR_INTERVALS("rr-intervals", "8637-1", "R-R interval by EKG", ValueKind.SERIES, "ms", 0,
            new Range(200, 3000),
            identity("ms"), factor("s", 1000)),

    /** A fall, as a wearable's fall detector reports it; SNOMED CT 1912002 "Fall (event)". No value, no unit. */
    FALL("fall", "1912002", "Fall", ValueKind.EVENT, null, 0, new Range(0, 0));

    public static final String LOINC_SYSTEM = "http://loinc.org";
    public static final String SNOMED_SYSTEM = "http://snomed.info/sct";
    /**
     * LOINC 85353-1, the vital signs panel (FHIR R4 profile vitalspanel): it groups vital sign Observations
     * ({@code hasMember}) and has no value of its own, so it is no reading type; it is stored as a document.
     */
    public static final String VITAL_SIGNS_PANEL_LOINC = "85353-1";
    /** Most values one {@link ValueKind#SERIES} reading may carry. */
    public static final int MAX_SERIES_VALUES = 2000;

    /** Components of {@link #BLOOD_PRESSURE}. */
    public static final String SYSTOLIC_LOINC = "8480-6";
    public static final String DIASTOLIC_LOINC = "8462-4";

    private final String code;
    private final String loinc;
    private final String display;
    private final ValueKind kind;
    private final @Nullable String unit;
    private final int decimals;
    private final Range range;
    private final Map<String, UnitConversion> units;

    VitalType(String code, String loinc, String display, ValueKind kind, @Nullable String unit, int decimals,
            Range range, UnitConversion... accepted) {
        this.code = code;
        this.loinc = loinc;
        this.display = display;
        this.kind = kind;
        this.unit = unit;
        this.decimals = decimals;
        this.range = range;
        Map<String, UnitConversion> byUnit = new LinkedHashMap<>();
        for (UnitConversion conversion : accepted) {
            byUnit.put(conversion.unit(), conversion);
        }
        this.units = Map.copyOf(byUnit);
    }

    /** The name on the wire, e.g. {@code heart-rate}. */
    public String code() {
        return code;
    }

    /** The type's code in {@link #codeSystem()}: LOINC for every type but {@link #FALL}, which is SNOMED CT. */
    public String loinc() {
        return loinc;
    }

    /** The code system of {@link #loinc()}. */
    public String codeSystem() {
        return this == FALL ? SNOMED_SYSTEM : LOINC_SYSTEM;
    }

    public String display() {
        return display;
    }

    public ValueKind kind() {
        return kind;
    }

    /** The canonical UCUM unit, or null for types without one (consciousness). */
    public @Nullable String unit() {
        return unit;
    }

    /** Plausible range in the canonical unit (for blood pressure: of each component; for oxygen: of the flow). */
    public Range range() {
        return range;
    }

    /** Every unit accepted for this type, canonical one included. */
    public List<String> acceptedUnits() {
        return units.keySet().stream().sorted().toList();
    }

    public static Optional<VitalType> fromCode(@Nullable String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(ByCode.TYPES.get(code));
    }

    /** The types by code, built once: fromCode is called for every reading and every ward row. */
    private static final class ByCode {
        static final java.util.Map<String, VitalType> TYPES = java.util.Arrays.stream(values())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(VitalType::code, type -> type));
    }

    public static Optional<VitalType> fromLoinc(@Nullable String loinc) {
        for (VitalType type : values()) {
            if (type.loinc.equals(loinc) && type.codeSystem().equals(LOINC_SYSTEM)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * Converts a value given in {@code givenUnit} to this type's canonical unit, rounded to the precision the
     * canonical unit is stored at, and checks it against the plausible range.
     *
     * @param what names the value in error messages ("value", "systolic", "flow")
     * @throws InvalidReadingException naming the problem: missing or unknown unit, value not finite, implausible value
     */
    public double toCanonical(double value, @Nullable String givenUnit, String what) {
        if (unit == null) {
            throw new IllegalStateException(code + " has no unit");
        }
        if (givenUnit == null || givenUnit.isBlank()) {
            throw new InvalidReadingException("missing unit for " + code + "; expected " + unit);
        }
        UnitConversion conversion = conversionFor(givenUnit);
        if (conversion == null) {
            throw new InvalidReadingException("unknown unit '" + givenUnit + "' for " + code + "; accepted: "
                    + String.join(", ", acceptedUnits()));
        }
        if (!Double.isFinite(value)) {
            throw new InvalidReadingException(what + " must be a finite number");
        }
        double canonical = round(conversion.toCanonical().applyAsDouble(value));
        if (!range.contains(canonical)) {
            throw new InvalidReadingException(what + " " + format(canonical) + " " + unit
                    + " is not physiologically possible for " + code + " (plausible range " + format(range.min())
                    + " to " + format(range.max()) + " " + unit + ")");
        }
        return canonical;
    }

    private @Nullable UnitConversion conversionFor(String givenUnit) {
        UnitConversion exact = units.get(givenUnit.strip());
        if (exact != null) {
            return exact;
        }
        String lower = givenUnit.strip().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, UnitConversion> entry : units.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private double round(double value) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    private static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
