package org.vigil.fhir.write;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;
import org.vigil.common.vitals.Acvpu;
import org.vigil.common.vitals.InvalidReadingException;
import org.vigil.common.vitals.ValueKind;
import org.vigil.common.vitals.VitalType;

/**
 * Reads a posted vital-sign Observation as a reading: the type from its LOINC code, the time from {@code effective[x]},
 * the value converted to the type's canonical UCUM unit by the catalogue in common (the same conversions and plausible
 * ranges as device readings), and {@code status} and {@code dataAbsentReason} as given. Anything Vigil cannot record
 * faithfully is a 422 naming the element; values are never quoted back except where the catalogue's message names the
 * implausible value the client itself sent.
 */
final class ObservationReadings {

    static final String LOINC = VitalType.LOINC_SYSTEM;
    static final String UCUM = "http://unitsofmeasure.org";
    static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    static final String ACVPU_SYSTEM = "urn:vigil:CodeSystem:acvpu";
    static final String SNOMED = VitalType.SNOMED_SYSTEM;
    /** SNOMED CT 57485005 "Oxygen therapy": whether the patient is on supplemental oxygen (as ObservationMapper). */
    static final String OXYGEN_THERAPY = "57485005";
    /** Oxygen saturation in arterial blood: the oxygensat profile's code, recorded as SpO2. */
    static final String SPO2_ARTERIAL = "2708-6";
    /** How far ahead of this server's clock a reading's time may be (clock skew), as ingest allows devices. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private static final String SUPPORTED = Stream.of(VitalType.values())
            .filter(t -> t.kind() != ValueKind.SERIES && t.kind() != ValueKind.EVENT)
            .map(t -> t.loinc() + " (" + t.code() + ")")
            .collect(Collectors.joining(", ")) + ", " + SPO2_ARTERIAL + " (spo2)";

    private ObservationReadings() {
    }

    /** @throws UnprocessableEntityException naming what cannot be recorded */
    static PostedReading read(Observation observation, Instant now) {
        if (!observation.hasStatus() || observation.getStatus() == Observation.ObservationStatus.NULL) {
            throw unprocessable("Observation.status is required");
        }
        VitalType type = type(observation.getCode());
        Instant time = time(observation, now);
        String status = observation.getStatus().toCode();
        @Nullable String absent = absentReason(observation.getDataAbsentReason(), "Observation.dataAbsentReason");
        if (absent != null && observation.hasValue()) {
            throw unprocessable("Observation has both a value and a dataAbsentReason (obs-6)");
        }
        return switch (type.kind()) {
            case QUANTITY -> {
                if (observation.hasValue()) {
                    double value = canonical(type, quantity(observation.getValue(), "Observation.value"),
                            "Observation.valueQuantity", "value");
                    yield new PostedReading(type, time, value, type.unit(), null, null, null, null, null, status,
                            null);
                }
                yield new PostedReading(type, time, null, type.unit(), null, null, null, null, null, status,
                        requireAbsent(absent, "Observation"));
            }
            case BLOOD_PRESSURE -> bloodPressure(observation, type, time, status, absent);
            case ACVPU -> {
                if (!observation.hasValue()) {
                    yield new PostedReading(type, time, null, null, null, null, null, null, null, status,
                            requireAbsent(absent, "Observation"));
                }
                yield new PostedReading(type, time, null, null, null, null, acvpu(observation.getValue()), null,
                        null, status, null);
            }
            case OXYGEN -> oxygen(observation, type, time, status, absent);
            case SERIES, EVENT -> throw unprocessable("Observation.code names " + type.code()
                    + ", which Vigil records from devices only (through ingest), not through FHIR");
        };
    }

    /** Whether the code names a vital signs panel (LOINC 85353-1) rather than a reading. */
    static boolean isPanel(CodeableConcept code) {
        return code.getCoding().stream().anyMatch(c -> LOINC.equals(c.getSystem())
                && VitalType.VITAL_SIGNS_PANEL_LOINC.equals(c.getCode()));
    }

    /**
     * A vital signs panel as the vitalspanel profile has it: a status, a time, at least one member
     * ({@code hasMember}, each a reference) and no value.
     *
     * @throws UnprocessableEntityException naming what the panel lacks
     */
    static PostedPanel panel(Observation observation, Instant now) {
        if (!observation.hasStatus() || observation.getStatus() == Observation.ObservationStatus.NULL) {
            throw unprocessable("Observation.status is required");
        }
        if (observation.hasValue()) {
            throw unprocessable("a vital signs panel (85353-1) has no value of its own (vitalspanel: value[x] 0..0);"
                    + " its members (hasMember) carry the values");
        }
        if (!observation.hasHasMember()) {
            throw unprocessable("a vital signs panel (85353-1) needs hasMember: the Observations it groups");
        }
        for (int i = 0; i < observation.getHasMember().size(); i++) {
            if (!observation.getHasMember().get(i).hasReference()) {
                throw unprocessable("Observation.hasMember[" + i + "] needs a reference to an Observation");
            }
        }
        return new PostedPanel(time(observation, now), observation.getStatus().toCode());
    }

    /** The one reading type the code's LOINC codings name. */
    static VitalType type(CodeableConcept code) {
        Set<VitalType> types = EnumSet.noneOf(VitalType.class);
        for (Coding coding : code.getCoding()) {
            if (LOINC.equals(coding.getSystem()) && coding.hasCode()) {
                if (SPO2_ARTERIAL.equals(coding.getCode())) {
                    types.add(VitalType.SPO2);
                }
                VitalType.fromLoinc(coding.getCode()).ifPresent(types::add);
            } else if (SNOMED.equals(coding.getSystem()) && VitalType.FALL.loinc().equals(coding.getCode())) {
                types.add(VitalType.FALL);
            }
        }
        if (types.size() > 1) {
            throw unprocessable("Observation.code names more than one vital sign ("
                    + types.stream().map(VitalType::code).collect(Collectors.joining(", ")) + "); post one each");
        }
        if (types.isEmpty()) {
            throw unprocessable("Observation.code has no LOINC (http://loinc.org) code of a vital sign Vigil records;"
                    + " accepted: " + SUPPORTED + ", and " + VitalType.VITAL_SIGNS_PANEL_LOINC + " (a vital signs panel)");
        }
        return types.iterator().next();
    }

    private static PostedReading bloodPressure(Observation observation, VitalType type, Instant time, String status,
            @Nullable String absent) {
        if (observation.hasValue()) {
            throw unprocessable("a blood pressure Observation (85354-9) carries its values in components 8480-6 and"
                    + " 8462-4, not in Observation.value");
        }
        @Nullable ObservationComponentComponent systolicPart = component(observation, VitalType.SYSTOLIC_LOINC);
        @Nullable ObservationComponentComponent diastolicPart = component(observation, VitalType.DIASTOLIC_LOINC);
        if (absent != null && systolicPart == null && diastolicPart == null) {
            return new PostedReading(type, time, null, type.unit(), null, null, null, null, null, status, absent);
        }
        if (systolicPart == null || diastolicPart == null) {
            throw unprocessable("a blood pressure Observation needs both components, 8480-6 (systolic) and 8462-4"
                    + " (diastolic), each with a valueQuantity or a dataAbsentReason");
        }
        @Nullable Double systolic = pressure(type, systolicPart, "systolic");
        @Nullable Double diastolic = pressure(type, diastolicPart, "diastolic");
        if (systolic != null && diastolic != null && systolic <= diastolic) {
            throw unprocessable("systolic must be greater than diastolic");
        }
        @Nullable String reason = absent;
        if (reason == null && systolic == null) {
            reason = absentReason(systolicPart.getDataAbsentReason(), "systolic component's dataAbsentReason");
        }
        if (reason == null && diastolic == null) {
            reason = absentReason(diastolicPart.getDataAbsentReason(), "diastolic component's dataAbsentReason");
        }
        return new PostedReading(type, time, null, type.unit(), systolic, diastolic, null, null, null, status, reason);
    }

    private static @Nullable Double pressure(VitalType type, ObservationComponentComponent component, String what) {
        String element = "the " + what + " component";
        @Nullable String absent = absentReason(component.getDataAbsentReason(), element + "'s dataAbsentReason");
        if (component.hasValue()) {
            if (absent != null) {
                throw unprocessable(element + " has both a value and a dataAbsentReason (obs-6)");
            }
            return canonical(type, quantity(component.getValue(), element + "'s value"), element + "'s valueQuantity",
                    what);
        }
        requireAbsent(absent, element);
        return null;
    }

    private static @Nullable ObservationComponentComponent component(Observation observation, String loinc) {
        ObservationComponentComponent found = null;
        for (ObservationComponentComponent component : observation.getComponent()) {
            boolean matches = component.getCode().getCoding().stream()
                    .anyMatch(c -> LOINC.equals(c.getSystem()) && loinc.equals(c.getCode()));
            if (matches) {
                if (found != null) {
                    throw unprocessable("Observation has more than one component coded " + loinc);
                }
                found = component;
            }
        }
        return found;
    }

    /**
     * Supplemental oxygen as ObservationMapper writes it: {@code valueQuantity} the flow in L/min (0 on room air) or a
     * dataAbsentReason, and a component SNOMED CT 57485005 with {@code valueBoolean} saying whether the patient is on
     * oxygen. Without that component, a flow above 0 means on oxygen.
     */
    private static PostedReading oxygen(Observation observation, VitalType type, Instant time, String status,
            @Nullable String absent) {
        @Nullable Boolean onOxygen = null;
        for (ObservationComponentComponent component : observation.getComponent()) {
            boolean therapy = component.getCode().getCoding().stream()
                    .anyMatch(c -> SNOMED.equals(c.getSystem()) && OXYGEN_THERAPY.equals(c.getCode()));
            if (therapy) {
                if (!(component.getValue() instanceof BooleanType flag) || !flag.hasValue()) {
                    throw unprocessable("the oxygen therapy component (SNOMED CT 57485005) needs a valueBoolean");
                }
                onOxygen = flag.booleanValue();
            }
        }
        @Nullable Double flow = null;
        if (observation.hasValue()) {
            flow = canonical(type, quantity(observation.getValue(), "Observation.value"),
                    "Observation.valueQuantity", "flow");
        } else {
            requireAbsent(absent, "Observation");
        }
        if (onOxygen == null) {
            if (flow == null) {
                throw unprocessable("an inhaled oxygen flow Observation without a value needs the component SNOMED CT"
                        + " 57485005 (valueBoolean: on oxygen or not)");
            }
            onOxygen = flow > 0;
        }
        @Nullable Double recordedFlow = onOxygen ? flow : null;
        return new PostedReading(type, time, null, recordedFlow == null ? null : type.unit(), null, null, null,
                onOxygen, recordedFlow, status, absent);
    }

    private static String acvpu(Type value) {
        if (value instanceof CodeableConcept concept) {
            for (Coding coding : concept.getCoding()) {
                if (ACVPU_SYSTEM.equals(coding.getSystem()) && coding.hasCode()) {
                    return Acvpu.fromCode(coding.getCode()).map(Enum::name).orElseThrow(() -> unprocessable(
                            "Observation.valueCodeableConcept has a code that is no ACVPU level (A, C, V, P, U)"));
                }
            }
        }
        throw unprocessable("a level of responsiveness (67775-7) needs valueCodeableConcept with a code of "
                + ACVPU_SYSTEM + " (A, C, V, P or U)");
    }

    private static Quantity quantity(Type value, String element) {
        if (!(value instanceof Quantity quantity)) {
            throw unprocessable(element + " must be a Quantity (valueQuantity)");
        }
        if (!quantity.hasValue()) {
            throw unprocessable(element + " has no value");
        }
        if (quantity.hasComparator()) {
            throw unprocessable(element + " has a comparator; Vigil records exact values only");
        }
        return quantity;
    }

    /** The quantity in the type's canonical unit; the UCUM code is read first, the display unit if no code. */
    private static double canonical(VitalType type, Quantity quantity, String element, String what) {
        if (quantity.hasSystem() && !UCUM.equals(quantity.getSystem())) {
            throw unprocessable(element + ".system must be " + UCUM + " (UCUM)");
        }
        @Nullable String unit = quantity.hasCode() ? quantity.getCode() : quantity.hasUnit() ? quantity.getUnit() : null;
        try {
            return type.toCanonical(quantity.getValue().doubleValue(), unit, what);
        } catch (InvalidReadingException e) {
            throw unprocessable(element + ": " + e.getMessage());
        }
    }

    private static String requireAbsent(@Nullable String absent, String element) {
        if (absent == null) {
            throw unprocessable(element + " has neither a value nor a dataAbsentReason");
        }
        return absent;
    }

    private static @Nullable String absentReason(CodeableConcept reason, String element) {
        if (reason.isEmpty()) {
            return null;
        }
        for (Coding coding : reason.getCoding()) {
            if (DATA_ABSENT_REASON.equals(coding.getSystem()) && coding.hasCode()) {
                return coding.getCode();
            }
        }
        throw unprocessable(element + " needs a code of " + DATA_ABSENT_REASON);
    }

    /**
     * {@code effectiveDateTime}, {@code effectiveInstant} or the start of {@code effectivePeriod}. A date without a
     * time (1999-07-02, 1999-07, 1999) has no time zone in FHIR; it is recorded as the start of that day (month, year)
     * in UTC, and the posted document keeps the date as given.
     */
    static Instant time(Observation observation, Instant now) {
        @Nullable Instant time = null;
        if (observation.hasEffectiveDateTimeType()) {
            time = instant(observation.getEffectiveDateTimeType());
        } else if (observation.hasEffectiveInstantType()) {
            time = observation.getEffectiveInstantType().getValue().toInstant();
        } else if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            time = instant(observation.getEffectivePeriod().getStartElement());
        }
        if (time == null) {
            throw unprocessable("Observation needs effectiveDateTime, effectiveInstant or effectivePeriod.start");
        }
        if (time.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw unprocessable("Observation.effective is more than 5 minutes ahead of the server's clock");
        }
        return time;
    }

    private static @Nullable Instant instant(DateTimeType dateTime) {
        if (!dateTime.hasValue()) {
            return null;
        }
        TemporalPrecisionEnum precision = dateTime.getPrecision();
        if (precision.ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            int month = precision == TemporalPrecisionEnum.YEAR ? 1 : dateTime.getMonth() + 1;
            int day = precision == TemporalPrecisionEnum.DAY ? dateTime.getDay() : 1;
            return LocalDate.of(dateTime.getYear(), month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return dateTime.getValue().toInstant();
    }

    static UnprocessableEntityException unprocessable(String diagnostics) {
        return new UnprocessableEntityException(diagnostics);
    }
}
